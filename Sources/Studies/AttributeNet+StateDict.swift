import Checkpoints
import Foundation
import TensorCore

// The ONLY place with key strings of attributes.pt (training/networks.py AttributeNet, train_attributes.py).

/// Key names of an `attributes.pt` = `{'state_dict': ..., 'config': {...}}`.
enum AttributeNetKeys {
    static let stateDict = "state_dict."
    static let config = "config"
    static let outputs = "outputs", kinds = "kinds", mean = "mean", std = "std", widths = "widths"
    static let convsPerStage = "convs_per_stage", hidden = "hidden", inputSize = "input_size"

    /// `features` is one nn.Sequential: per stage `convsPerStage` × (conv, BN, ReLU) then MaxPool2d, so
    /// stage s's j-th conv sits at index s·(3·convsPerStage + 1) + 3j and its BatchNorm right after it.
    static func convIndex(stage s: Int, conv j: Int, convsPerStage c: Int) -> Int { s * (3 * c + 1) + 3 * j }
    static func convWeight(_ i: Int) -> String { "features.\(i).weight" }
    static func convBias(_ i: Int) -> String { "features.\(i).bias" }
    static func normWeight(_ i: Int) -> String { "features.\(i).weight" }
    static func normBias(_ i: Int) -> String { "features.\(i).bias" }
    static func normMean(_ i: Int) -> String { "features.\(i).running_mean" }
    static func normVar(_ i: Int) -> String { "features.\(i).running_var" }
    /// An int64 counter inference ignores; accepted when present, never required.
    static func normCounter(_ i: Int) -> String { "features.\(i).num_batches_tracked" }
    // head = Sequential(AdaptiveAvgPool2d, Flatten, Linear, ReLU, Linear).
    static let hiddenWeight = "head.2.weight", hiddenBias = "head.2.bias"
    static let outputWeight = "head.4.weight", outputBias = "head.4.bias"

    /// Every tensor a network with `c` needs, in module order, with its shape.
    static func expected(for c: AttributeNetConfiguration) -> [(key: String, shape: [Int])] {
        var out: [(key: String, shape: [Int])] = []
        var cin = 3
        for (s, w) in c.widths.enumerated() {
            for j in 0..<c.convsPerStage {
                let i = convIndex(stage: s, conv: j, convsPerStage: c.convsPerStage)
                out += [(convWeight(i), [w, cin, 3, 3]), (convBias(i), [w])]
                out += [normWeight(i + 1), normBias(i + 1), normMean(i + 1), normVar(i + 1)].map { ($0, [w]) }
                cin = w
            }
        }
        out += [(hiddenWeight, [c.hidden, cin]), (hiddenBias, [c.hidden]),
                (outputWeight, [c.outputs.count, c.hidden]), (outputBias, [c.outputs.count])]
        return out
    }
}

extension AttributeNetConfiguration {
    /// Reads the `config` dict of an attributes.pt. Throws `badConfig` naming the key.
    public init(stateDict sd: StateDict) throws {
        let file = sd.file
        guard let config = sd.value(at: AttributeNetKeys.config) else {
            throw AttributeNetError.badConfig(file: file, key: AttributeNetKeys.config, reason: "missing")
        }
        func list(_ key: String) throws -> [CheckpointValue] {
            guard let l = config[key]?.asList else { throw AttributeNetError.badConfig(file: file, key: key, reason: "missing or not a list") }
            return l
        }
        func strings(_ key: String) throws -> [String] {
            try list(key).map { v in
                guard let s = v.asString else { throw AttributeNetError.badConfig(file: file, key: key, reason: "expected strings") }
                return s
            }
        }
        func numbers(_ key: String) throws -> [Double] {
            try list(key).map { v in
                guard let d = v.asDouble else { throw AttributeNetError.badConfig(file: file, key: key, reason: "expected numbers") }
                return d
            }
        }
        func positive(_ key: String) throws -> Int {
            guard let i = config[key]?.asInt, i > 0 else {
                throw AttributeNetError.badConfig(file: file, key: key, reason: "missing or not a positive integer")
            }
            return i
        }
        let outputs = try strings(AttributeNetKeys.outputs)
        let kinds = try strings(AttributeNetKeys.kinds).map { k in
            guard let kind = OutputKind(rawValue: k) else {
                throw AttributeNetError.badConfig(file: file, key: AttributeNetKeys.kinds, reason: "unknown kind \"\(k)\" (continuous or binary)")
            }
            return kind
        }
        let mean = try numbers(AttributeNetKeys.mean).map(Float.init), std = try numbers(AttributeNetKeys.std).map(Float.init)
        for (key, n) in [(AttributeNetKeys.kinds, kinds.count), (AttributeNetKeys.mean, mean.count), (AttributeNetKeys.std, std.count)]
        where n != outputs.count {
            throw AttributeNetError.badConfig(file: file, key: key, reason: "has \(n) entries, outputs has \(outputs.count)")
        }
        guard !outputs.isEmpty else { throw AttributeNetError.badConfig(file: file, key: AttributeNetKeys.outputs, reason: "empty") }
        let widths = try numbers(AttributeNetKeys.widths).map { Int($0) }
        guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 }) else {
            throw AttributeNetError.badConfig(file: file, key: AttributeNetKeys.widths, reason: "expected positive integers")
        }
        self.init(outputs: outputs, kinds: kinds, mean: mean, std: std, widths: widths,
                  convsPerStage: try positive(AttributeNetKeys.convsPerStage), hidden: try positive(AttributeNetKeys.hidden),
                  inputSize: try positive(AttributeNetKeys.inputSize))
    }
}

extension AttributeNet {
    /// Loads an `attributes.pt` file.
    public init(contentsOf url: URL) throws {
        try self.init(stateDict: StateDict.load(url))
    }

    /// Strict: every missing, unused or mis-shaped tensor under `state_dict.` is listed in one
    /// `AttributeNetError.weightsMismatch` (`num_batches_tracked` counters may be present).
    public init(stateDict sd: StateDict) throws {
        let c = try AttributeNetConfiguration(stateDict: sd)
        let weights = sd.scoped(AttributeNetKeys.stateDict)
        let expected = AttributeNetKeys.expected(for: c)
        var problems: [AttributeNetError.WeightProblem] = []
        for (key, shape) in expected {
            guard let t = weights[key] else { problems.append(.missing(key: AttributeNetKeys.stateDict + key, expected: shape)); continue }
            if t.shape != shape { problems.append(.shapeMismatch(key: AttributeNetKeys.stateDict + key, expected: shape, actual: t.shape)) }
        }
        let known = Set(expected.map(\.key))
        for entry in weights.tensors where !known.contains(entry.key) && !entry.key.hasSuffix(".num_batches_tracked") {
            problems.append(.unused(key: AttributeNetKeys.stateDict + entry.key, actual: entry.tensor.shape))
        }
        guard problems.isEmpty else { throw AttributeNetError.weightsMismatch(file: sd.file, problems: problems) }

        func w(_ key: String) throws -> Tensor { try weights.tensor(key) }
        var stages: [[ConvBlock]] = []
        for s in c.widths.indices {
            stages.append(try (0..<c.convsPerStage).map { j in
                let i = AttributeNetKeys.convIndex(stage: s, conv: j, convsPerStage: c.convsPerStage)
                let norm = try BatchNormFolded(weight: w(AttributeNetKeys.normWeight(i + 1)), bias: w(AttributeNetKeys.normBias(i + 1)),
                                               runningMean: w(AttributeNetKeys.normMean(i + 1)), runningVar: w(AttributeNetKeys.normVar(i + 1)))
                return ConvBlock(weight: try w(AttributeNetKeys.convWeight(i)), bias: try w(AttributeNetKeys.convBias(i)), norm: norm)
            })
        }
        self.init(configuration: c, stages: stages,
                  hiddenWeight: try w(AttributeNetKeys.hiddenWeight), hiddenBias: try w(AttributeNetKeys.hiddenBias),
                  outputWeight: try w(AttributeNetKeys.outputWeight), outputBias: try w(AttributeNetKeys.outputBias))
    }
}
