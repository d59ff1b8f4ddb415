import Foundation
import ImageCodecs
import Inversion
import TensorCore

/// Photo → encoder input → ReStyle trace, as `invert` and the main edit command run it.
struct PhotoInverter {
    let model: ReStyleModel
    let inverter: ReStyleInverter
    let input: EncoderInput
    let landmarks: URL?

    init(model: ReStyleModel, options: InversionOptions, landmarks: URL?) throws {
        self.model = model
        self.inverter = try ReStyleInverter(model: model, options: options)
        self.input = EncoderInput(height: model.inputHeight, width: model.inputWidth)
        self.landmarks = landmarks
    }

    /// Decodes `file`, aligns it when landmarks were given, and inverts it.
    /// Returns the encoder input x `[1, 3, H, W]` and the trace.
    func invert(_ file: URL) throws -> (input: Tensor, trace: InversionTrace) {
        var image = try ImageFile.decode(contentsOf: file)
        if let landmarks {
            let points = try FaceLandmarks.load(contentsOf: landmarks, forImage: file.path)
            image = FFHQAlignment(landmarks: points).aligned(image, size: max(input.width, input.height))
        }
        let x = try input.tensor(for: image, file: file.path)                        // [1, 3, H, W]
        return (x, try inverter.invert(x))
    }
}
