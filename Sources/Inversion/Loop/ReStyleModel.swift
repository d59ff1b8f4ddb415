import Checkpoints
import Foundation
import StyleGAN2
import TensorCore

/// One ReStyle network: encoder, generator (decoder) and the average code every inversion starts from,
/// checked for consistency. Open an official checkpoint with `ReStyleModel(contentsOf:)`
/// (`ReStyleModel+StateDict.swift`) or assemble parts with `init(encoder:generator:latentAverage:)`.
public struct ReStyleModel: Sendable {
    public let encoder: ReStyleEncoder
    public let generator: Generator
    /// `latent_avg` as `[n_styles, D]`.
    public let latentAverage: Tensor
    /// `opts.dataset_type` when the checkpoint has one (e.g. `ffhq_encode`, `cars_encode`).
    public let datasetType: String?
    /// Where the model came from (for messages).
    public let file: String
    /// Encoder input width: `opts.input_size` when the checkpoint has it (not an official option), else 256.
    public let inputWidth: Int

    /// Checks that the parts fit: encoder rows = generator W+ rows, equal style dims, a 6-channel encoder input
    /// (image + reconstruction), and `latentAverage` of shape `[n, D]` (`[D]` or `[1, D]` are repeated to every row).
    public init(encoder: ReStyleEncoder, generator: Generator, latentAverage: Tensor, datasetType: String? = nil,
                inputWidth: Int? = nil, file: String? = nil) throws {
        let n = generator.nLatent, d = generator.styleDim
        guard encoder.styleCount == n else {
            throw InversionError.incompatibleParts("the encoder has \(encoder.styleCount) style heads (n_styles) but the "
                + "\(generator.size) px generator takes \(n) W+ rows (2·log2(\(generator.size)) − 2)")
        }
        guard encoder.styleDim == d else {
            throw InversionError.incompatibleParts("the encoder's style dim is \(encoder.styleDim) but the generator's is \(d)")
        }
        guard encoder.configuration.inputChannels == 6 else {
            throw InversionError.incompatibleParts("the encoder takes \(encoder.configuration.inputChannels) input channels; "
                + "ReStyle's iterative encoder takes 6 (the image and the current reconstruction)")
        }
        self.latentAverage = try ReStyleModel.latentRows(latentAverage, rows: n, dim: d, source: "\(file ?? encoder.file): latent_avg")
        self.encoder = encoder; self.generator = generator; self.datasetType = datasetType
        self.inputWidth = inputWidth ?? 256
        self.file = file ?? encoder.file
    }

    /// Number of W+ rows.
    public var styleCount: Int { generator.nLatent }
    /// Style dimension `D`.
    public var styleDim: Int { generator.styleDim }
    /// True for the cars models (`opts.dataset_type` contains "cars"): 192×256 inputs, outputs cropped to rows S/8..<7S/8.
    public var isCars: Bool { datasetType?.contains("cars") ?? false }
    /// Encoder input height: `3·inputWidth/4` for cars (192 for the official 256), else `inputWidth`.
    public var inputHeight: Int { isCars ? inputWidth * 3 / 4 : inputWidth }

    /// The inversion options the official scripts use for this model (cars crop when `isCars`).
    public var defaultOptions: InversionOptions {
        var o = InversionOptions()
        o.outputCrop = isCars ? .carsRows : .none
        return o
    }

    /// `[n, D]` as is; `[D]` or `[1, D]` repeated to n rows; anything else is `latentShape`.
    static func latentRows(_ t: Tensor, rows n: Int, dim d: Int, source: String) throws -> Tensor {
        if t.shape == [n, d] { return t }
        guard t.shape == [d] || t.shape == [1, d] else {
            throw InversionError.latentShape(source: source, expected: "[\(n), \(d)] or [\(d)]", actual: t.shape)
        }
        let row = t.scalars
        return Tensor(shape: [n, d], values: Array((0..<n).map { _ in row }.joined()))
    }
}
