/// The encoder classes a ReStyle checkpoint can name in `opts.encoder_type` (architecture.md §B.1).
public enum EncoderType: String, CaseIterable, Sendable {
    /// ReStyle-pSp, IR-SE backbone: every head reads the last feature map; output is a residual.
    case backboneEncoder = "BackboneEncoder"
    /// ReStyle-e4e, IR-SE backbone: `w0` plus per-row deltas.
    case progressiveBackboneEncoder = "ProgressiveBackboneEncoder"
    /// ReStyle-pSp with the ResNet-34 backbone (cars, church, horse, AFHQ).
    case resNetBackboneEncoder = "ResNetBackboneEncoder"
    /// ReStyle-e4e with the ResNet-34 backbone.
    case resNetProgressiveBackboneEncoder = "ResNetProgressiveBackboneEncoder"
    /// pSp's FPN encoder (not used by the released ReStyle models; not supported here).
    case gradualStyleEncoder = "GradualStyleEncoder"
    /// pSp's FPN encoder on ResNet-34 (not supported here).
    case resNetGradualStyleEncoder = "ResNetGradualStyleEncoder"

    /// The backbone family the class builds.
    public var backbone: BackboneKind {
        switch self {
        case .backboneEncoder, .progressiveBackboneEncoder, .gradualStyleEncoder: return .irSE
        case .resNetBackboneEncoder, .resNetProgressiveBackboneEncoder, .resNetGradualStyleEncoder: return .resNet
        }
    }

    /// True for the e4e classes (`w0` + deltas); false for pSp (one independent row per head).
    public var isProgressive: Bool {
        self == .progressiveBackboneEncoder || self == .resNetProgressiveBackboneEncoder
    }

    /// True for the classes this module can run.
    public var isSupported: Bool { self != .gradualStyleEncoder && self != .resNetGradualStyleEncoder }

    /// The matching class for a backbone family and flavour.
    public static func of(backbone: BackboneKind, progressive: Bool) -> EncoderType {
        switch (backbone, progressive) {
        case (.irSE, false): return .backboneEncoder
        case (.irSE, true): return .progressiveBackboneEncoder
        case (.resNet, false): return .resNetBackboneEncoder
        case (.resNet, true): return .resNetProgressiveBackboneEncoder
        }
    }
}

/// The two backbone families of ReStyle encoders.
public enum BackboneKind: String, Equatable, Sendable {
    /// IR-SE (ArcFace-style bottlenecks with squeeze-excitation; §B.2). Stem: 3×3 conv, BN, PReLU.
    case irSE = "IR-SE"
    /// torchvision ResNet-34 BasicBlocks (§B.6). Stem: 7×7 stride-2 conv, BN, PReLU; no max-pool.
    case resNet = "ResNet"
}
