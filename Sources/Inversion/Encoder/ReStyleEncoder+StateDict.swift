import Checkpoints
import Foundation
import TensorCore

// The ONLY place with checkpoint key strings for the encoder (architecture.md §D.1).

/// Encoder-relative key names (without the `state_dict.encoder.` prefix).
enum EncoderKeys {
    // IR-SE stem and units.
    static let irseStemConv = "input_layer.0.weight"
    static let irseStemNorm = "input_layer.1"
    static let irseStemPReLU = "input_layer.2.weight"
    static func irseUnit(_ n: Int) -> String { "body.\(n)." }
    static func irseInputNorm(_ n: Int) -> String { "body.\(n).res_layer.0" }
    static func irseConv1(_ n: Int) -> String { "body.\(n).res_layer.1.weight" }
    static func irsePReLU(_ n: Int) -> String { "body.\(n).res_layer.2.weight" }
    static func irseConv2(_ n: Int) -> String { "body.\(n).res_layer.3.weight" }
    static func irseOutputNorm(_ n: Int) -> String { "body.\(n).res_layer.4" }
    static func irseSEReduce(_ n: Int) -> String { "body.\(n).res_layer.5.fc1.weight" }
    static func irseSEExpand(_ n: Int) -> String { "body.\(n).res_layer.5.fc2.weight" }
    static func irseShortcutConv(_ n: Int) -> String { "body.\(n).shortcut_layer.0.weight" }
    static func irseShortcutNorm(_ n: Int) -> String { "body.\(n).shortcut_layer.1" }

    // ResNet stem and units.
    static let resNetStemConv = "conv1.weight"
    static let resNetStemNorm = "bn1"
    static let resNetStemPReLU = "relu.weight"
    static func resNetConv1(_ n: Int) -> String { "body.\(n).conv1.weight" }
    static func resNetNorm1(_ n: Int) -> String { "body.\(n).bn1" }
    static func resNetConv2(_ n: Int) -> String { "body.\(n).conv2.weight" }
    static func resNetNorm2(_ n: Int) -> String { "body.\(n).bn2" }
    static func resNetDownsampleConv(_ n: Int) -> String { "body.\(n).downsample.0.weight" }
    static func resNetDownsampleNorm(_ n: Int) -> String { "body.\(n).downsample.1" }

    // Style heads.
    static func headConvWeight(_ i: Int, _ j: Int) -> String { "styles.\(i).convs.\(2 * j).weight" }   // j-th conv (Sequential index 2j)
    static func headConvBias(_ i: Int, _ j: Int) -> String { "styles.\(i).convs.\(2 * j).bias" }
    static func headLinearWeight(_ i: Int) -> String { "styles.\(i).linear.weight" }
    static func headLinearBias(_ i: Int) -> String { "styles.\(i).linear.bias" }

    // BatchNorm2d members.
    static func normWeight(_ p: String) -> String { p + ".weight" }
    static func normBias(_ p: String) -> String { p + ".bias" }
    static func normMean(_ p: String) -> String { p + ".running_mean" }
    static func normVar(_ p: String) -> String { p + ".running_var" }
    /// An int64 counter that inference ignores; accepted when present, never required.
    static func normCounter(_ p: String) -> String { p + ".num_batches_tracked" }

    /// The encoder's prefix inside a ReStyle checkpoint, and inside a bare pSp/e4e state dict.
    static let restyleScope = "state_dict.encoder."
    static let bareScope = "encoder."

    /// Every tensor an encoder with `c` needs, in module order, with its shape.
    static func expected(for c: EncoderConfiguration) -> [(key: String, shape: [Int])] {
        var out: [(key: String, shape: [Int])] = []
        func norm(_ p: String, _ ch: Int) {
            for k in [normWeight(p), normBias(p), normMean(p), normVar(p)] { out.append((k, [ch])) }
        }
        let s = c.stemChannels
        switch c.backbone {
        case .irSE:
            out.append((irseStemConv, [s, c.inputChannels, 3, 3])); norm(irseStemNorm, s); out.append((irseStemPReLU, [s]))
            let r = c.seReduction ?? 1
            for (n, u) in c.units.enumerated() {
                norm(irseInputNorm(n), u.inChannels)
                out.append((irseConv1(n), [u.depth, u.inChannels, 3, 3]))
                out.append((irsePReLU(n), [u.depth]))
                out.append((irseConv2(n), [u.depth, u.depth, 3, 3]))
                norm(irseOutputNorm(n), u.depth)
                out.append((irseSEReduce(n), [u.depth / r, u.depth, 1, 1]))
                out.append((irseSEExpand(n), [u.depth, u.depth / r, 1, 1]))
                if u.hasConvShortcut {
                    out.append((irseShortcutConv(n), [u.depth, u.inChannels, 1, 1])); norm(irseShortcutNorm(n), u.depth)
                }
            }
        case .resNet:
            out.append((resNetStemConv, [s, c.inputChannels, 7, 7])); norm(resNetStemNorm, s); out.append((resNetStemPReLU, [s]))
            for (n, u) in c.units.enumerated() {
                out.append((resNetConv1(n), [u.depth, u.inChannels, 3, 3])); norm(resNetNorm1(n), u.depth)
                out.append((resNetConv2(n), [u.depth, u.depth, 3, 3])); norm(resNetNorm2(n), u.depth)
                if u.hasConvShortcut {
                    out.append((resNetDownsampleConv(n), [u.depth, u.inChannels, 1, 1])); norm(resNetDownsampleNorm(n), u.depth)
                }
            }
        }
        for i in 0..<c.headCount {
            for j in 0..<c.headConvCount {
                out.append((headConvWeight(i, j), [c.styleDim, j == 0 ? c.headInputChannels : c.styleDim, 3, 3]))
                out.append((headConvBias(i, j), [c.styleDim]))
            }
            out.append((headLinearWeight(i), [c.styleDim, c.styleDim]))
            out.append((headLinearBias(i), [c.styleDim]))
        }
        return out
    }

    /// True when `key` is a BatchNorm counter of one of the norms of `c` (accepted, ignored).
    static func isNormCounter(_ key: String, expected: Set<String>) -> Bool {
        guard key.hasSuffix(".num_batches_tracked") else { return false }
        let prefix = String(key.dropLast(".num_batches_tracked".count))
        return expected.contains(normMean(prefix))
    }
}

extension EncoderConfiguration {
    /// Infers the configuration from encoder-relative tensors (`input_layer.0.weight`, `body.N.…`, `styles.i.…`).
    ///
    /// - Backbone: IR-SE when `input_layer.0.weight` exists, ResNet when `conv1.weight` exists.
    /// - Units: `body.N` for N = 0, 1, … while the unit's first conv exists; widths from its shape. IR-SE: a conv
    ///   shortcut when in ≠ depth; stride 2 at unit 0 and at every conv-shortcut unit (the first unit of each
    ///   `get_blocks` stage). ResNet: a downsample when `body.N.downsample.0.weight` exists, stride 2 exactly there.
    ///   This recovers every official backbone. A stage whose first unit keeps the width of the previous stage
    ///   (possible in custom IR-SE models) is invisible in the keys: pass `stageStarts`, the body indices of the
    ///   stride-2 units, to override the stride rule (the shortcut kind still comes from the keys).
    /// - SE reduction: the r with fc1 rows = ⌊depth / r⌋ for every unit (16 when that fits). Heads: `styles.i` for i = 0, 1, …; stride-2 convs
    ///   counted on head 0; style dim from its linear layer.
    /// - `type` must match the backbone the keys hold.
    public init(inferringFrom encoder: StateDict, type: EncoderType, stageStarts: [Int]? = nil) throws {
        let file = encoder.file
        func fail(_ reason: String) -> InversionError { .configurationNotInferred(file: file, reason: reason) }
        func shape(_ key: String) -> [Int]? { encoder[key]?.shape }
        func shape(_ key: String, rank: Int) throws -> [Int] {
            guard let s = shape(key) else { throw fail("missing '\(encoder.scope + key)'") }
            guard s.count == rank else { throw fail("'\(encoder.scope + key)' has shape \(s), expected rank \(rank)") }
            return s
        }
        let found: BackboneKind
        if shape(EncoderKeys.irseStemConv) != nil { found = .irSE }
        else if shape(EncoderKeys.resNetStemConv) != nil { found = .resNet }
        else {
            throw fail("neither '\(encoder.scope + EncoderKeys.irseStemConv)' (IR-SE) nor '\(encoder.scope + EncoderKeys.resNetStemConv)' (ResNet) is present")
        }
        guard found == type.backbone else {
            throw InversionError.backboneMismatch(file: file, encoderType: type.rawValue, expected: type.backbone.rawValue, found: found.rawValue)
        }
        guard type.isSupported else {
            throw InversionError.unsupportedEncoderType(file: file, name: type.rawValue, reason: "the FPN (GradualStyleEncoder) variants are not implemented; ReStyle's released models use the Backbone encoders")
        }
        let stem = try shape(found == .irSE ? EncoderKeys.irseStemConv : EncoderKeys.resNetStemConv, rank: 4)
        var units: [Unit] = []
        var seReduction: Int? = nil
        switch found {
        case .irSE:
            var n = 0
            while let conv1 = shape(EncoderKeys.irseConv1(n)) {
                guard conv1.count == 4 else { throw fail("'\(encoder.scope + EncoderKeys.irseConv1(n))' has shape \(conv1), expected [depth, in, 3, 3]") }
                let convShortcut = conv1[1] != conv1[0]
                let starts = stageStarts.map { $0.contains(n) } ?? (n == 0 || convShortcut)
                units.append(Unit(inChannels: conv1[1], depth: conv1[0], stride: starts ? 2 : 1, hasConvShortcut: convShortcut))
                n += 1
            }
            guard !units.isEmpty else { throw fail("no IR-SE body units ('\(encoder.scope)\(EncoderKeys.irseConv1(0))' is missing)") }
            // fc1 of a unit of width d has ⌊d / r⌋ rows (`channels // reduction`): take a reduction consistent with every
            // unit, 16 (the official value) when it is one, else the smallest.
            let hidden = try units.indices.map { try shape(EncoderKeys.irseSEReduce($0), rank: 4)[0] }
            let depths = units.map(\.depth)
            let consistent = (1...depths.max()!).filter { r in zip(depths, hidden).allSatisfy { $0 / r == $1 } }
            guard let r = consistent.contains(16) ? 16 : consistent.first else {
                throw fail("no SE reduction r gives fc1 widths \(hidden) (as ⌊depth / r⌋) for unit depths \(depths)")
            }
            seReduction = r
        case .resNet:
            var n = 0
            while let conv1 = shape(EncoderKeys.resNetConv1(n)) {
                guard conv1.count == 4 else { throw fail("'\(encoder.scope + EncoderKeys.resNetConv1(n))' has shape \(conv1), expected [depth, in, 3, 3]") }
                let downsample = shape(EncoderKeys.resNetDownsampleConv(n)) != nil
                let starts = stageStarts.map { $0.contains(n) } ?? downsample
                units.append(Unit(inChannels: conv1[1], depth: conv1[0], stride: starts ? 2 : 1, hasConvShortcut: downsample))
                n += 1
            }
            guard !units.isEmpty else { throw fail("no ResNet body units ('\(encoder.scope)\(EncoderKeys.resNetConv1(0))' is missing)") }
        }
        if let stageStarts, let bad = stageStarts.first(where: { !units.indices.contains($0) }) {
            throw fail("stage start \(bad) is not a body unit index (0..<\(units.count))")
        }
        var heads = 0
        while shape(EncoderKeys.headLinearWeight(heads)) != nil { heads += 1 }
        guard heads > 0 else { throw fail("no style heads ('\(encoder.scope)\(EncoderKeys.headLinearWeight(0))' is missing)") }
        var convs = 0
        while shape(EncoderKeys.headConvWeight(0, convs)) != nil { convs += 1 }
        let linear = try shape(EncoderKeys.headLinearWeight(0), rank: 2)
        let headInput = convs > 0 ? try shape(EncoderKeys.headConvWeight(0, 0), rank: 4)[1] : linear[1]
        do {
            try self.init(type: type, inputChannels: stem[1], stemChannels: stem[0], units: units, seReduction: seReduction,
                          headCount: heads, headConvCount: convs, headInputChannels: headInput, styleDim: linear[0])
        } catch InversionError.configurationNotInferred(_, let reason) {
            throw fail(reason)
        }
    }
}

extension ReStyleEncoder {
    /// The encoder of a ReStyle checkpoint (`state_dict.encoder.*`), or of a bare state dict with `encoder.*` keys or
    /// unprefixed encoder keys (`input_layer.0.weight` / `conv1.weight` + `body.0.conv1.weight`).
    /// `type` overrides `opts.encoder_type`; without either the load fails with `missingEncoderType`.
    /// `stageStarts`: see `EncoderConfiguration(inferringFrom:type:stageStarts:)` (nil for official models).
    public init(checkpoint sd: StateDict, type: EncoderType? = nil, stageStarts: [Int]? = nil) throws {
        let scope: String
        if sd.keys.contains(where: { $0.hasPrefix(EncoderKeys.restyleScope) }) { scope = EncoderKeys.restyleScope }
        else if sd.keys.contains(where: { $0.hasPrefix(EncoderKeys.bareScope) }) { scope = EncoderKeys.bareScope }
        else if sd[EncoderKeys.irseStemConv] != nil || (sd[EncoderKeys.resNetStemConv] != nil && sd[EncoderKeys.resNetConv1(0)] != nil) { scope = "" }
        else { scope = EncoderKeys.bareScope }
        let encoder = scope.isEmpty ? sd : sd.scoped(scope)
        guard !encoder.keys.isEmpty else {
            throw InversionError.notAnEncoder(file: sd.file, found: "no '\(EncoderKeys.restyleScope)*' or '\(EncoderKeys.bareScope)*' tensors among \(sd.keys.count)")
        }
        try self.init(stateDict: encoder, type: type ?? EncoderType(checkpoint: sd), stageStarts: stageStarts)
    }

    /// Builds an encoder from encoder-relative tensors (`input_layer.0.weight`, …), inferring the configuration
    /// (`stageStarts` as in `EncoderConfiguration(inferringFrom:type:stageStarts:)`).
    /// Strict: every missing, unused or mis-shaped tensor is listed in one `InversionError.weightsMismatch`
    /// (BatchNorm `num_batches_tracked` counters are accepted and ignored). BatchNorms are folded to scale/shift
    /// and the heads' EqualLinear scale is applied once, here; conv weights stay in the memory map.
    public init(stateDict t: StateDict, type: EncoderType, stageStarts: [Int]? = nil) throws {
        let c = try EncoderConfiguration(inferringFrom: t, type: type, stageStarts: stageStarts)
        let expected = EncoderKeys.expected(for: c)
        let expectedKeys = Set(expected.map(\.key))
        var problems: [InversionError.WeightProblem] = []
        var loaded: [String: Tensor] = [:]
        for (key, shape) in expected {
            guard let stored = t[key] else { problems.append(.missing(key: t.scope + key, expected: shape)); continue }
            guard stored.shape == shape else {
                problems.append(.shapeMismatch(key: t.scope + key, expected: shape, actual: stored.shape)); continue
            }
            do { loaded[key] = try t.tensor(key, shape: shape) }
            catch let error as CheckpointError { problems.append(.invalidValue(key: t.scope + key, reason: error.description)) }
        }
        for entry in t.tensors where !expectedKeys.contains(entry.key) {
            if EncoderKeys.isNormCounter(entry.key, expected: expectedKeys) && entry.tensor.count == 1 { continue }
            problems.append(.unused(key: t.scope + entry.key, actual: entry.tensor.shape))
        }
        guard problems.isEmpty else {
            throw InversionError.weightsMismatch(file: t.file, configuration: c.description, problems: problems)
        }
        func w(_ key: String) -> Tensor { loaded[key]! }
        func norm(_ p: String) throws -> BatchNormFolded {
            try BatchNormFolded(weight: w(EncoderKeys.normWeight(p)), bias: w(EncoderKeys.normBias(p)),
                                runningMean: w(EncoderKeys.normMean(p)), runningVar: w(EncoderKeys.normVar(p)))
        }
        let stem: Backbone.Stem
        var units: [Backbone.Unit] = []
        switch c.backbone {
        case .irSE:
            stem = try Backbone.Stem(conv: w(EncoderKeys.irseStemConv), norm: norm(EncoderKeys.irseStemNorm),
                                     prelu: w(EncoderKeys.irseStemPReLU), stride: 1, padding: 1)
            for (n, u) in c.units.enumerated() {
                let shortcut = u.hasConvShortcut
                    ? (conv: w(EncoderKeys.irseShortcutConv(n)), norm: try norm(EncoderKeys.irseShortcutNorm(n))) : nil
                units.append(.irSE(IRSEBottleneck(
                    unit: u, inputNorm: try norm(EncoderKeys.irseInputNorm(n)), conv1: w(EncoderKeys.irseConv1(n)),
                    prelu: w(EncoderKeys.irsePReLU(n)), conv2: w(EncoderKeys.irseConv2(n)),
                    outputNorm: try norm(EncoderKeys.irseOutputNorm(n)),
                    se: SEModule(fc1: w(EncoderKeys.irseSEReduce(n)), fc2: w(EncoderKeys.irseSEExpand(n))), shortcut: shortcut)))
            }
        case .resNet:
            stem = try Backbone.Stem(conv: w(EncoderKeys.resNetStemConv), norm: norm(EncoderKeys.resNetStemNorm),
                                     prelu: w(EncoderKeys.resNetStemPReLU), stride: 2, padding: 3)
            for (n, u) in c.units.enumerated() {
                let downsample = u.hasConvShortcut
                    ? (conv: w(EncoderKeys.resNetDownsampleConv(n)), norm: try norm(EncoderKeys.resNetDownsampleNorm(n))) : nil
                units.append(.resNet(ResNetBasicBlock(
                    unit: u, conv1: w(EncoderKeys.resNetConv1(n)), norm1: try norm(EncoderKeys.resNetNorm1(n)),
                    conv2: w(EncoderKeys.resNetConv2(n)), norm2: try norm(EncoderKeys.resNetNorm2(n)), downsample: downsample)))
            }
        }
        let backbone = Backbone(kind: c.backbone, stem: stem, units: units)
        let heads = (0..<c.headCount).map { i in
            GradualStyleBlock(convs: (0..<c.headConvCount).map { j in (weight: w(EncoderKeys.headConvWeight(i, j)), bias: w(EncoderKeys.headConvBias(i, j))) },
                              storedLinearWeight: w(EncoderKeys.headLinearWeight(i)), linearBias: w(EncoderKeys.headLinearBias(i)))
        }
        let network: Network = c.type.isProgressive
            ? .progressive(ProgressiveBackboneEncoder(backbone: backbone, heads: heads))
            : .backbone(BackboneEncoder(backbone: backbone, heads: heads))
        self.init(configuration: c, network: network, file: t.file)
    }
}

extension EncoderType {
    /// The checkpoint's path of the encoder class name.
    static let optionsKey = "opts.encoder_type"

    /// The type named by the checkpoint's `opts.encoder_type`: `missingEncoderType` when absent,
    /// `unknownEncoderType` when not a ReStyle class, `unsupportedEncoderType` for the FPN variants.
    public init(checkpoint sd: StateDict) throws {
        guard let name = sd.value(at: EncoderType.optionsKey)?.asString else {
            throw InversionError.missingEncoderType(file: sd.file)
        }
        try self.init(name: name, file: sd.file)
    }

    /// Parses a class name (`ProgressiveBackboneEncoder`, …); errors name `file` (use "--encoder-type" for options).
    public init(name: String, file: String) throws {
        guard let type = EncoderType(rawValue: name) else { throw InversionError.unknownEncoderType(file: file, name: name) }
        guard type.isSupported else {
            throw InversionError.unsupportedEncoderType(file: file, name: name, reason: "the FPN (GradualStyleEncoder) variants are not implemented; ReStyle's released models use the Backbone encoders")
        }
        self = type
    }
}
