import Checkpoints
import Foundation
import TensorCore

// The ONLY place with checkpoint key strings for the generator (architecture.md §D.2).

/// Generator-relative key names (without `decoder.` / `g_ema.` prefixes).
enum GeneratorKeys {
    static let constantInput = "input.input"
    static func mappingWeight(_ i: Int) -> String { "style.\(i).weight" }              // i = 1...n_mlp
    static func mappingBias(_ i: Int) -> String { "style.\(i).bias" }
    static func noise(_ layer: Int) -> String { "noises.noise_\(layer)" }
    static func prefix(_ module: GeneratorModule) -> String { module.name }            // conv1, to_rgb1, convs.j, to_rgbs.k
    static func convWeight(_ m: GeneratorModule) -> String { "\(m.name).conv.weight" }
    static func modulationWeight(_ m: GeneratorModule) -> String { "\(m.name).conv.modulation.weight" }
    static func modulationBias(_ m: GeneratorModule) -> String { "\(m.name).conv.modulation.bias" }
    static func noiseWeight(_ m: GeneratorModule) -> String { "\(m.name).noise.weight" }
    static func activationBias(_ m: GeneratorModule) -> String { "\(m.name).activate.bias" }
    static func blurKernel(_ m: GeneratorModule) -> String { "\(m.name).conv.blur.kernel" }   // upsampling convs only
    static func rgbBias(_ m: GeneratorModule) -> String { "\(m.name).bias" }
    static func upsampleKernel(_ m: GeneratorModule) -> String { "\(m.name).upsample.kernel" }  // to_rgbs only

    /// Top-level keys of the checkpoint layouts.
    static let restyleScope = "state_dict.decoder."
    static let restyleStateDict = "state_dict."
    static let rosinalityScope = "g_ema."
    static let rosinalityTrainingScope = "g."        // the non-EMA generator of a training checkpoint
    static let bareDecoderScope = "decoder."
    static let encoderPrefix = "encoder."
    static let latentAverage = "latent_avg"

    /// Every tensor of a generator with `c`, in module order, with its shape.
    static func expected(for c: GeneratorConfiguration) -> [(key: String, shape: [Int])] {
        let d = c.styleDim, c4 = c.channels(at: 4)
        var out: [(key: String, shape: [Int])] = []
        for i in 1...max(c.mappingLayers, 1) where i <= c.mappingLayers {
            out.append((mappingWeight(i), [d, d])); out.append((mappingBias(i), [d]))
        }
        out.append((constantInput, [1, c4, 4, 4]))
        for l in StyleLayerMap(configuration: c).layers {
            let m = l.module
            if m.isStyledConv {
                out.append((convWeight(m), [1, l.outChannels, l.inChannels, 3, 3]))
                if l.upsamples { out.append((blurKernel(m), [4, 4])) }
                out.append((modulationWeight(m), [l.inChannels, d]))
                out.append((modulationBias(m), [l.inChannels]))
                out.append((noiseWeight(m), [1]))
                out.append((activationBias(m), [l.outChannels]))
            } else {
                out.append((rgbBias(m), [1, 3, 1, 1]))
                if case .toRGB = m { out.append((upsampleKernel(m), [4, 4])) }
                out.append((convWeight(m), [1, 3, l.inChannels, 1, 1]))
                out.append((modulationWeight(m), [l.inChannels, d]))
                out.append((modulationBias(m), [l.inChannels]))
            }
        }
        for layer in 0..<c.noiseLayerCount {
            let r = c.noiseResolution(layer: layer)
            out.append((noise(layer), [1, 1, r, r]))
        }
        return out
    }
}

/// A checkpoint's generator tensors: the layout found and the generator-relative view.
struct GeneratorCheckpoint {
    let layout: GeneratorSource.Layout
    /// Generator-relative tensors (`conv1.conv.weight`, …); `scope` is the prefix stripped from the file's keys.
    let tensors: StateDict
    /// Keys ignored in strict loading (encoder, discriminator and other non-generator entries).
    let ignoredPrefixes: [String]
    /// The `latent_avg` tensor, if the file has one.
    let latentAverage: StoredTensor?
    let file: String

    /// Recognises a ReStyle, rosinality or bare layout; anything else is `notAGenerator`.
    init(_ sd: StateDict) throws {
        file = sd.file
        let keys = sd.keys
        func has(prefix: String) -> Bool { keys.contains { $0.hasPrefix(prefix) } }
        latentAverage = sd[GeneratorKeys.latentAverage]
        if has(prefix: GeneratorKeys.restyleScope) {
            layout = .restyle
            tensors = sd.scoped(GeneratorKeys.restyleScope)
            ignoredPrefixes = []
        } else if has(prefix: GeneratorKeys.rosinalityScope) {
            layout = .rosinality
            tensors = sd.scoped(GeneratorKeys.rosinalityScope)
            ignoredPrefixes = []
        } else if sd[GeneratorKeys.rosinalityTrainingScope + GeneratorKeys.convWeight(.conv1)] != nil {
            layout = .rosinality
            tensors = sd.scoped(GeneratorKeys.rosinalityTrainingScope)
            ignoredPrefixes = []
        } else if has(prefix: GeneratorKeys.restyleStateDict) {
            let n = keys.filter { $0.hasPrefix(GeneratorKeys.restyleStateDict) }.count
            let encoder = keys.filter { $0.hasPrefix(GeneratorKeys.restyleStateDict + GeneratorKeys.encoderPrefix) }.count
            throw GeneratorError.notAGenerator(file: sd.file, found: encoder > 0
                ? "a ReStyle-style checkpoint whose state_dict has \(encoder) encoder.* tensors but no decoder.* tensors (an encoder-only file)"
                : "a state_dict of \(n) tensors without decoder.* keys (e.g. \(GeneratorCheckpoint.sample(keys)))")
        } else if has(prefix: GeneratorKeys.bareDecoderScope) {
            layout = .bare
            tensors = sd.scoped(GeneratorKeys.bareDecoderScope)
            ignoredPrefixes = []
        } else {
            layout = .bare
            tensors = sd
            ignoredPrefixes = [GeneratorKeys.latentAverage]
        }
        let generatorKeys = Set(tensors.keys)
        guard generatorKeys.contains(GeneratorKeys.constantInput) || generatorKeys.contains(GeneratorKeys.convWeight(.conv1)) else {
            let found: String
            if case .tensor(let t) = sd.root {
                found = "a single tensor of shape \(t.shape), not a state dict"
            } else if keys.isEmpty {
                found = "no tensors (top level: \(GeneratorCheckpoint.describeTopLevel(sd.root)))"
            } else if keys.contains(where: { $0.hasPrefix("final_linear") || $0.contains("final_conv") }) {
                found = "\(keys.count) tensors that look like a StyleGAN2 discriminator (e.g. \(GeneratorCheckpoint.sample(keys)))"
            } else {
                found = "\(keys.count) tensors without the generator's input.input / conv1.conv.weight (e.g. \(GeneratorCheckpoint.sample(keys)))"
            }
            throw GeneratorError.notAGenerator(file: sd.file, found: found)
        }
    }

    /// The full key as written in the file.
    func fullKey(_ key: String) -> String { tensors.scope + key }

    static func sample(_ keys: [String]) -> String {
        keys.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (keys.count > 3 ? ", …" : "")
    }

    static func describeTopLevel(_ root: CheckpointValue) -> String {
        if let entries = root.asDict {
            return "a \(root.kindName) with keys " + entries.prefix(6).map { "'\($0.key)'" }.joined(separator: ", ")
                + (entries.count > 6 ? ", …" : "")
        }
        return "a \(root.kindName)"
    }

    /// Key → shape of the generator-relative tensors.
    var shapes: [String: [Int]] {
        var out: [String: [Int]] = [:]
        for entry in tensors.tensors where out[entry.key] == nil { out[entry.key] = entry.tensor.shape }
        return out
    }
}

extension Generator {
    /// Loads a generator from a checkpoint file (ReStyle, rosinality or bare state dict; any format
    /// `StateDict.load` reads). Strict: see `init(stateDict:)`.
    public init(contentsOf url: URL) throws {
        try self.init(stateDict: StateDict.load(url))
    }

    /// Builds a generator from a loaded checkpoint, inferring the configuration from keys and shapes.
    ///
    /// Layouts: ReStyle (`state_dict.decoder.*`, top-level `latent_avg` `[n_latent, D]` or `[D]`; encoder and other
    /// entries are ignored), rosinality (`g_ema.*`, else `g.*`, with `latent_avg` `[D]`; `d`, optimiser states
    /// ignored), bare (keys with or without `decoder.`; a top-level `latent_avg` is used).
    /// Strict: every missing, unused, mis-shaped or invalid generator tensor (blur buffers must equal K4) is
    /// listed in one `GeneratorError.weightsMismatch`. Float32 weights that need no change stay in the memory map.
    public init(stateDict sd: StateDict) throws {
        let checkpoint = try GeneratorCheckpoint(sd)
        let c = try GeneratorConfiguration(inferringFrom: checkpoint)
        let t = checkpoint.tensors
        var problems: [GeneratorError.WeightProblem] = []
        var loaded: [String: Tensor] = [:]
        let expected = GeneratorKeys.expected(for: c)
        let actual = checkpoint.shapes
        for (key, shape) in expected {
            guard let found = actual[key] else {
                problems.append(.missing(key: checkpoint.fullKey(key), expected: shape)); continue
            }
            guard found == shape else {
                problems.append(.shapeMismatch(key: checkpoint.fullKey(key), expected: shape, actual: found)); continue
            }
            do {
                loaded[key] = try t.tensor(key, shape: shape)
            } catch let error as CheckpointError {
                problems.append(.invalidValue(key: checkpoint.fullKey(key), reason: error.description))
            }
        }
        let expectedKeys = Set(expected.map(\.key))
        for entry in t.tensors where !expectedKeys.contains(entry.key)
            && !checkpoint.ignoredPrefixes.contains(where: { entry.key.hasPrefix($0) }) {
            problems.append(.unused(key: checkpoint.fullKey(entry.key), actual: entry.tensor.shape))
        }
        for (key, _) in expected where key.hasSuffix(".kernel") {
            if let k = loaded[key], let reason = Generator.k4Mismatch(k) {
                problems.append(.invalidValue(key: checkpoint.fullKey(key), reason: reason))
            }
        }
        guard problems.isEmpty else {
            throw GeneratorError.weightsMismatch(file: sd.file, configuration: c.description, problems: problems)
        }
        let latent = try checkpoint.latentAverage.map { try Generator.latentAverageRows($0, configuration: c, file: sd.file) }

        func tensor(_ key: String) -> Tensor { loaded[key]! }
        func scalar(_ key: String) -> Float { loaded[key]!.scalars[0] }
        func conv(_ m: GeneratorModule, demodulates: Bool, upsamples: Bool) -> ModulatedConv {
            let w = tensor(GeneratorKeys.convWeight(m))                              // [1, O, C, k, k]
            return ModulatedConv(storedWeight: w.reshaped(Array(w.shape.dropFirst())),  // [O, C, k, k] (no copy)
                                 storedModulationWeight: tensor(GeneratorKeys.modulationWeight(m)),
                                 modulationBias: tensor(GeneratorKeys.modulationBias(m)),
                                 demodulates: demodulates, upsamples: upsamples)
        }
        func styled(_ m: GeneratorModule, upsamples: Bool) -> StyledConv {
            StyledConv(conv: conv(m, demodulates: true, upsamples: upsamples), noiseWeight: scalar(GeneratorKeys.noiseWeight(m)),
                       activationBias: tensor(GeneratorKeys.activationBias(m)))
        }
        func rgb(_ m: GeneratorModule) -> ToRGB {
            ToRGB(conv: conv(m, demodulates: false, upsamples: false), bias: tensor(GeneratorKeys.rgbBias(m)).reshaped([3]))
        }
        let mapping = MappingNetwork(storedWeights: (0..<c.mappingLayers).map { tensor(GeneratorKeys.mappingWeight($0 + 1)) },
                                     storedBiases: (0..<c.mappingLayers).map { tensor(GeneratorKeys.mappingBias($0 + 1)) },
                                     styleDim: c.styleDim)
        self.init(configuration: c, mapping: mapping, constantInput: tensor(GeneratorKeys.constantInput),
                  conv1: styled(.conv1, upsamples: false), toRGB1: rgb(.toRGB1),
                  convs: (0..<(2 * c.blockCount)).map { styled(.conv($0), upsamples: $0 % 2 == 0) },
                  toRGBs: (0..<c.blockCount).map { rgb(.toRGB($0)) },
                  noises: (0..<c.noiseLayerCount).map { tensor(GeneratorKeys.noise($0)) },
                  latentAverage: latent, source: GeneratorSource(file: sd.file, layout: checkpoint.layout))
    }

    /// nil when `k` equals K4 (architecture §0.3) to 1e-6, else the reason.
    static func k4Mismatch(_ k: Tensor) -> String? {
        let f: [Float] = [0.25, 0.75, 0.75, 0.25]
        let values = k.scalars
        for a in 0..<4 { for b in 0..<4 where !(abs(values[a * 4 + b] - f[a] * f[b]) <= 1e-6) {
            return "blur kernel is not K4 = outer([1,3,3,1], [1,3,3,1])/16 (entry [\(a), \(b)] is \(values[a * 4 + b]), expected \(f[a] * f[b]))"
        } }
        return nil
    }

    /// `latent_avg` as `[nLatent, D]`: `[nLatent, D]` as is, `[D]` or `[1, D]` repeated.
    static func latentAverageRows(_ stored: StoredTensor, configuration c: GeneratorConfiguration, file: String) throws -> Tensor {
        let d = c.styleDim, n = c.nLatent
        let key = GeneratorKeys.latentAverage
        if stored.shape == [n, d] { return try stored.floatTensor(key: key) }
        guard stored.shape == [d] || stored.shape == [1, d] else {
            throw GeneratorError.latentAverageShape(file: file, key: key, expected: "[\(n), \(d)] or [\(d)]", actual: stored.shape)
        }
        let row = try stored.floatTensor(key: key).scalars
        return Tensor(shape: [n, d], values: Array((0..<n).map { _ in row }.joined()))
    }
}

extension GeneratorConfiguration {
    /// The configuration of the generator in a checkpoint (any layout `Generator(stateDict:)` accepts).
    public init(inferringFrom sd: StateDict) throws {
        try self.init(inferringFrom: GeneratorCheckpoint(sd))
    }
}
