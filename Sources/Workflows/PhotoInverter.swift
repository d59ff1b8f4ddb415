import FaceDetection
import Foundation
import ImageCodecs
import Inversion
import TensorCore

/// Photo → (aligned face) → encoder input → ReStyle trace, as `invert` and the main edit command run it.
public struct PhotoInverter {
    public let model: ReStyleModel
    public let inverter: ReStyleInverter
    public let input: EncoderInput
    public let landmarks: LandmarkFile?
    public let aligner: PhotoAligner
    /// Generator resolution from which every refinement step is reported (about a second per step at 1024 px).
    public static let stepProgressMinimumSize = 512

    /// `landmarks` is read now (a bad file is one error before any work); one face's points (a bare list) fit one
    /// image only, so `inputCount` > 1 is refused for them. `align` is `--align/--no-align` (nil: on for face
    /// checkpoints when an image is not already a square at the encoder's size).
    public init(model: ReStyleModel, options: InversionOptions, landmarks: URL?, inputCount: Int,
         align: Bool? = false, landmarkModel: String = "") throws {
        self.model = model
        self.inverter = try ReStyleInverter(model: model, options: options)
        self.input = EncoderInput(height: model.inputHeight, width: model.inputWidth)
        self.landmarks = try landmarks.map(LandmarkFile.init(contentsOf:))
        self.aligner = PhotoAligner(mode: PhotoAligner.mode(flag: align, datasetType: model.datasetType), modelPath: landmarkModel)
        if landmarks == nil, aligner.mode == .always, !FileManager.default.fileExists(atPath: landmarkModel) {
            throw FaceDetectionError.modelMissing(path: landmarkModel)          // --align: one error before any work
        }
        if let file = self.landmarks, file.isSingleFace, inputCount > 1 {
            throw WorkflowError("""
                --landmarks \(file.source) holds one face's points, but \(inputCount) images are given: key them by \
                image file name ({"face.jpg": [[x, y], ...], ...})
                """)
        }
    }

    /// Decodes `file`, aligns it (landmarks given, or detected), and inverts it.
    /// Returns the encoder input x `[1, 3, H, W]` and the trace.
    public func invert(_ file: URL) throws -> (input: Tensor, trace: InversionTrace) {
        try invert(prepared: prepare(file).image, file: file)
    }

    /// Inverts an image `prepare` returned: the encoder input x `[1, 3, H, W]` and the trace. `eachStep` gets every
    /// refinement step as it finishes (the server streams them); without it, large models print one line per step.
    public func invert(prepared image: RGBImage, file: URL,
                       eachStep: ((_ step: InversionTrace.Step, _ index: Int, _ total: Int) -> Void)? = nil) throws
        -> (input: Tensor, trace: InversionTrace) {
        let x = try input.tensor(for: image, file: file.path)                        // [1, 3, H, W]
        // Large models take seconds per step: show each one.
        let showSteps = eachStep == nil && model.generator.size >= PhotoInverter.stepProgressMinimumSize
        let name = file.lastPathComponent
        return (x, try inverter.invert(x, onStep: showSteps ? { step, steps, seconds in
            printError("\(name): step \(step)/\(steps) (\(String(format: "%.1f", seconds)) s)")
        } : nil, eachStep: eachStep))
    }

    /// The decoded photo, the image the encoder sees (aligned when asked), and the crop used (nil: none).
    public func prepare(_ file: URL) throws -> (photo: RGBImage, image: RGBImage, alignment: FFHQAlignment?) {
        try prepare(photo: ImageFile.decode(contentsOf: file), file: file)
    }

    /// As `prepare(_:)` for a photo already decoded (an upload); `file` names it in messages and landmark lookups.
    public func prepare(photo: RGBImage, file: URL) throws -> (photo: RGBImage, image: RGBImage, alignment: FFHQAlignment?) {
        let side = max(input.width, input.height)
        if let landmarks {
            let points = try landmarks.landmarks(forImage: file.path)
            try points.check(width: photo.width, height: photo.height, image: file.lastPathComponent, source: landmarks.source)
            let alignment = FFHQAlignment(landmarks: points)
            return (photo, alignment.aligned(photo, size: side), alignment)
        }
        if aligner.shouldDetect(photo, side: side) {
            let (aligned, _, alignment) = try aligner.detectAndAlign(photo, side: side, file: file.path)
            return (photo, aligned, alignment)
        }
        return (photo, photo, nil)
    }
}
