import FaceDetection
import Foundation
import ImageCodecs
import Inversion
import TensorCore

/// Photo → (aligned face) → encoder input → ReStyle trace, as `invert` and the main edit command run it.
struct PhotoInverter {
    let model: ReStyleModel
    let inverter: ReStyleInverter
    let input: EncoderInput
    let landmarks: LandmarkFile?
    let aligner: PhotoAligner
    /// Generator resolution from which every refinement step is reported (about a second per step at 1024 px).
    static let stepProgressMinimumSize = 512

    /// `landmarks` is read now (a bad file is one error before any work); one face's points (a bare list) fit one
    /// image only, so `inputCount` > 1 is refused for them. `align` is `--align/--no-align` (nil: on for face
    /// checkpoints when an image is not already a square at the encoder's size).
    init(model: ReStyleModel, options: InversionOptions, landmarks: URL?, inputCount: Int,
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
            throw CLIError("""
                --landmarks \(file.source) holds one face's points, but \(inputCount) images are given: key them by \
                image file name ({"face.jpg": [[x, y], ...], ...})
                """)
        }
    }

    /// Decodes `file`, aligns it (landmarks given, or detected), and inverts it.
    /// Returns the encoder input x `[1, 3, H, W]` and the trace.
    func invert(_ file: URL) throws -> (input: Tensor, trace: InversionTrace) {
        try invert(prepared: prepare(file).image, file: file)
    }

    /// Inverts an image `prepare` returned: the encoder input x `[1, 3, H, W]` and the trace.
    func invert(prepared image: RGBImage, file: URL) throws -> (input: Tensor, trace: InversionTrace) {
        let x = try input.tensor(for: image, file: file.path)                        // [1, 3, H, W]
        // Large models take seconds per step: show each one.
        let showSteps = model.generator.size >= PhotoInverter.stepProgressMinimumSize
        let name = file.lastPathComponent
        return (x, try inverter.invert(x, onStep: showSteps ? { step, steps, seconds in
            printError("\(name): step \(step)/\(steps) (\(String(format: "%.1f", seconds)) s)")
        } : nil))
    }

    /// The decoded photo, the image the encoder sees (aligned when asked), and the crop used (nil: none).
    func prepare(_ file: URL) throws -> (photo: RGBImage, image: RGBImage, alignment: FFHQAlignment?) {
        let photo = try ImageFile.decode(contentsOf: file)
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
