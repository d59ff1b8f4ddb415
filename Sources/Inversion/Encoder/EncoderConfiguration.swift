/// The shape of a ReStyle encoder (architecture.md §B): everything needed to build it, inferred from a
/// checkpoint's `encoder.*` keys and shapes (`ReStyleEncoder+StateDict.swift`), so reduced test models and the
/// official IR-SE-50 / ResNet-34 encoders load through the same code.
public struct EncoderConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// One residual unit of the backbone body.
    public struct Unit: Equatable, Sendable {
        /// Input channels.
        public let inChannels: Int
        /// Output channels (`depth`).
        public let depth: Int
        /// Spatial stride (on the second 3×3 conv for IR-SE, on the first for ResNet).
        public let stride: Int
        /// True when the shortcut is conv1×1 (stride s) + BN; false for MaxPool(1, s) subsampling (IR-SE)
        /// or the identity (ResNet, stride 1).
        public let hasConvShortcut: Bool

        public init(inChannels: Int, depth: Int, stride: Int, hasConvShortcut: Bool) {
            self.inChannels = inChannels; self.depth = depth; self.stride = stride; self.hasConvShortcut = hasConvShortcut
        }
    }

    /// The class named by `opts.encoder_type` (or the override): backbone family and pSp/e4e flavour.
    public let type: EncoderType
    /// Input channels of the stem conv (6 for ReStyle: image and current reconstruction).
    public let inputChannels: Int
    /// Output channels of the stem (64 in the official models).
    public let stemChannels: Int
    /// Body units in order (24 for IR-SE-50, 16 for ResNet-34).
    public let units: [Unit]
    /// SE reduction `r` (fc1 maps `depth → ⌊depth / r⌋`, as `channels // reduction`; 16 officially). nil for ResNet.
    public let seReduction: Int?
    /// Number of GradualStyleBlock heads = number of W+ rows produced (`n_styles`).
    public let headCount: Int
    /// Stride-2 3×3 convs in each head (4 officially: 16 → 1).
    public let headConvCount: Int
    /// Input channels of each head (the backbone's last depth).
    public let headInputChannels: Int
    /// Style dimension `D` (each head's output width).
    public let styleDim: Int

    /// Validates the description; throws `InversionError.configurationNotInferred` naming the bad value.
    public init(type: EncoderType, inputChannels: Int, stemChannels: Int, units: [Unit], seReduction: Int?,
                headCount: Int, headConvCount: Int, headInputChannels: Int, styleDim: Int) throws {
        func fail(_ reason: String) -> InversionError { .configurationNotInferred(file: "configuration", reason: reason) }
        guard type.isSupported else { throw fail("encoder type \(type.rawValue) is not supported") }
        guard inputChannels >= 1, stemChannels >= 1 else { throw fail("input/stem channels \(inputChannels)/\(stemChannels) < 1") }
        guard !units.isEmpty else { throw fail("no body units") }
        var channels = stemChannels
        for (i, u) in units.enumerated() {
            guard u.inChannels == channels else { throw fail("body unit \(i) takes \(u.inChannels) channels, the previous layer gives \(channels)") }
            guard u.depth >= 1, u.stride >= 1 else { throw fail("body unit \(i): depth \(u.depth), stride \(u.stride)") }
            channels = u.depth
        }
        switch type.backbone {
        case .irSE:
            guard let r = seReduction, r >= 1, units.allSatisfy({ $0.depth / r >= 1 }) else {
                throw fail("SE reduction \(seReduction.map(String.init) ?? "nil") leaves no hidden channels for some depth")
            }
            for (i, u) in units.enumerated() where u.hasConvShortcut != (u.inChannels != u.depth) {
                throw fail("IR-SE unit \(i) (\(u.inChannels) → \(u.depth)) must have a conv shortcut exactly when the width changes")
            }
        case .resNet:
            guard seReduction == nil else { throw fail("ResNet backbones have no SE modules") }
            for (i, u) in units.enumerated() where !u.hasConvShortcut && (u.stride != 1 || u.inChannels != u.depth) {
                throw fail("ResNet block \(i) (\(u.inChannels) → \(u.depth), stride \(u.stride)) needs a downsample")
            }
        }
        guard headCount >= 1, headConvCount >= 0, styleDim >= 1 else {
            throw fail("heads \(headCount), head convs \(headConvCount), style dim \(styleDim)")
        }
        guard headInputChannels == channels else { throw fail("heads take \(headInputChannels) channels, the backbone gives \(channels)") }
        self.type = type; self.inputChannels = inputChannels; self.stemChannels = stemChannels; self.units = units
        self.seReduction = seReduction; self.headCount = headCount; self.headConvCount = headConvCount
        self.headInputChannels = headInputChannels; self.styleDim = styleDim
    }

    /// The backbone family.
    public var backbone: BackboneKind { type.backbone }

    /// Units per stage: a stage starts at unit 0 and at every stride-2 unit (`[3, 4, 14, 3]` for IR-SE-50).
    public var stageUnitCounts: [Int] {
        var counts: [Int] = []
        for (i, u) in units.enumerated() {
            if i == 0 || u.stride != 1 { counts.append(1) } else { counts[counts.count - 1] += 1 }
        }
        return counts
    }

    /// Body indices of the stride-2 units (`[0, 3, 7, 21]` for IR-SE-50).
    public var strideTwoUnits: [Int] { units.indices.filter { units[$0].stride != 1 } }

    /// Total downsampling factor of stem and body (16 for both official backbones: 256 → 16).
    public var backboneStride: Int {
        units.reduce(backbone == .resNet ? 2 : 1) { $0 * $1.stride }
    }

    public var description: String {
        let stages = stageUnitCounts.map(String.init).joined(separator: "-")
        let widths = Array(Set(units.map(\.depth))).sorted().map(String.init).joined(separator: "/")
        return "\(type.rawValue): \(backbone.rawValue) backbone, \(inputChannels) input channels, stem \(stemChannels), "
            + "stages \(stages) (widths \(widths))" + (seReduction.map { ", SE reduction \($0)" } ?? "")
            + ", \(headCount) heads × \(headConvCount) stride-2 convs, style dim \(styleDim)"
    }
}
