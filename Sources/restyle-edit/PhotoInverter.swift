import Foundation
import ImageCodecs
import Inversion
import TensorCore

/// Photo → encoder input → ReStyle trace, as `invert` and the main edit command run it.
struct PhotoInverter {
    let model: ReStyleModel
    let inverter: ReStyleInverter
    let input: EncoderInput
    let landmarks: LandmarkFile?
    /// Generator resolution from which every refinement step is reported (about a second per step at 1024 px).
    static let stepProgressMinimumSize = 512

    /// `landmarks` is read now (a bad file is one error before any work); one face's points (a bare list) fit one
    /// image only, so `inputCount` > 1 is refused for them.
    init(model: ReStyleModel, options: InversionOptions, landmarks: URL?, inputCount: Int) throws {
        self.model = model
        self.inverter = try ReStyleInverter(model: model, options: options)
        self.input = EncoderInput(height: model.inputHeight, width: model.inputWidth)
        self.landmarks = try landmarks.map(LandmarkFile.init(contentsOf:))
        if let file = self.landmarks, file.isSingleFace, inputCount > 1 {
            throw CLIError("""
                --landmarks \(file.source) holds one face's points, but \(inputCount) images are given: key them by \
                image file name ({"face.jpg": [[x, y], ...], ...})
                """)
        }
    }

    /// Decodes `file`, aligns it when landmarks were given, and inverts it.
    /// Returns the encoder input x `[1, 3, H, W]` and the trace.
    func invert(_ file: URL) throws -> (input: Tensor, trace: InversionTrace) {
        var image = try ImageFile.decode(contentsOf: file)
        if let landmarks {
            let points = try landmarks.landmarks(forImage: file.path)
            try points.check(width: image.width, height: image.height, image: file.lastPathComponent, source: landmarks.source)
            image = FFHQAlignment(landmarks: points).aligned(image, size: max(input.width, input.height))
        }
        let x = try input.tensor(for: image, file: file.path)                        // [1, 3, H, W]
        // Large models take seconds per step: show each one.
        let showSteps = model.generator.size >= PhotoInverter.stepProgressMinimumSize
        let name = file.lastPathComponent
        return (x, try inverter.invert(x, onStep: showSteps ? { step, steps, seconds in
            printError("\(name): step \(step)/\(steps) (\(String(format: "%.1f", seconds)) s)")
        } : nil))
    }
}
