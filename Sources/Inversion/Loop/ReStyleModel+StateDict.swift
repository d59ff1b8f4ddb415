import Checkpoints
import Foundation
import StyleGAN2
import TensorCore

// The ONLY place with checkpoint key strings for a whole ReStyle model (encoder keys: ReStyleEncoder+StateDict.swift,
// decoder keys: StyleGAN2's Generator+StateDict.swift).

/// Top-level entries of a ReStyle checkpoint (architecture.md §D).
enum ReStyleKeys {
    static let latentAverage = "latent_avg"
    static let datasetType = "opts.dataset_type"
    /// Not written by the official trainer: the encoder input width of models trained at another size (the repo's
    /// fixtures write it). Absent → 256.
    static let inputSize = "opts.input_size"
}

extension ReStyleModel {
    /// Opens an official ReStyle checkpoint (`{'state_dict': {encoder.*, decoder.*}, 'opts': {...}, 'latent_avg'}`) once
    /// and builds encoder, generator and average code from the same memory-mapped `StateDict`.
    /// `encoderType` overrides `opts.encoder_type` (required when the file has no `opts`). `stageStarts` overrides the
    /// backbone's stride-2 units (only for custom IR-SE models with a width-keeping stage start; see
    /// `EncoderConfiguration(inferringFrom:type:stageStarts:)`).
    public init(contentsOf url: URL, encoderType: EncoderType? = nil, stageStarts: [Int]? = nil) throws {
        try self.init(stateDict: StateDict.load(url), encoderType: encoderType, stageStarts: stageStarts)
    }

    /// True when a loaded checkpoint holds a ReStyle encoder (tensors under `encoder.`), so it can invert.
    public static func holdsEncoder(_ sd: StateDict) -> Bool {
        sd.tensors.contains { $0.key.hasPrefix("state_dict.encoder.") || $0.key.hasPrefix("encoder.") }
    }

    /// Builds the model from a loaded checkpoint. Errors: `missingEncoderType`, `unknownEncoderType`,
    /// `unsupportedEncoderType`, `weightsMismatch` (encoder, strict), `GeneratorError.weightsMismatch` (decoder, strict),
    /// `missingLatentAverage`, `incompatibleParts` (n_styles vs the generator's resolution, style dims).
    public init(stateDict sd: StateDict, encoderType: EncoderType? = nil, stageStarts: [Int]? = nil) throws {
        // A generator-only file (rosinality g_ema, a bare or ReStyle decoder) cannot invert: say so before asking for
        // an encoder type it does not have.
        if !Self.holdsEncoder(sd) {
            let generatorOnly = sd.tensors.contains { $0.key.hasPrefix("g_ema.") || $0.key.contains("decoder.") || $0.key.hasPrefix("style.") }
            throw InversionError.notAnEncoder(file: sd.file, found: generatorOnly
                ? "it holds a StyleGAN2 generator only (no encoder.* tensors); inversion needs a ReStyle encoder checkpoint (encoder + decoder + latent_avg, e.g. restyle_e4e_ffhq_encode.pt); generator-only files work with generate and edit"
                : "no encoder.* tensors among its \(sd.tensors.count)")
        }
        let type = try encoderType ?? EncoderType(checkpoint: sd)
        let encoder = try ReStyleEncoder(checkpoint: sd, type: type, stageStarts: stageStarts)
        let generator = try Generator(stateDict: sd)
        guard let stored = sd[ReStyleKeys.latentAverage] else { throw InversionError.missingLatentAverage(file: sd.file) }
        let latent = try stored.floatTensor(key: ReStyleKeys.latentAverage)
        let inputWidth = sd.value(at: ReStyleKeys.inputSize)?.asInt
        if let inputWidth {
            guard inputWidth >= 1 else {
                throw InversionError.invalidOption(name: "\(sd.file): \(ReStyleKeys.inputSize)", reason: "\(inputWidth) < 1")
            }
            // The heads reduce the backbone's map by 2^convs to 1×1; a larger map means the inferred strides are wrong.
            let c = encoder.configuration, map = (inputWidth + c.backboneStride - 1) / c.backboneStride
            guard map <= 1 << c.headConvCount else {
                throw InversionError.configurationNotInferred(file: sd.file, reason:
                    "for \(inputWidth) px inputs (\(ReStyleKeys.inputSize)) the inferred backbone (stride-2 units \(c.strideTwoUnits)) "
                    + "leaves a \(map)×\(map) map, which \(c.headConvCount) head convs cannot bring to 1×1; the backbone probably has a "
                    + "stage whose first unit keeps the width, which the keys do not show: pass the stage starts (stride-2 unit indices)")
            }
        }
        try self.init(encoder: encoder, generator: generator, latentAverage: latent,
                      datasetType: sd.value(at: ReStyleKeys.datasetType)?.asString, inputWidth: inputWidth, file: sd.file)
    }
}
