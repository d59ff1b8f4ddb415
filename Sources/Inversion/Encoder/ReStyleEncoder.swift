import TensorCore

/// A loaded ReStyle encoder of either flavour (build it with `ReStyleEncoder(stateDict:type:)`).
/// `encode` maps the 6-channel input `concat(x, y_prev)` to a W+ residual `[B, n_styles, D]`.
public struct ReStyleEncoder: Sendable {
    /// The two flavours (pSp: independent rows; e4e: `w0` + deltas).
    public enum Network: Sendable {
        case backbone(BackboneEncoder)
        case progressive(ProgressiveBackboneEncoder)
    }

    public let configuration: EncoderConfiguration
    public let network: Network
    /// The file the weights came from (for messages).
    public let file: String

    public init(configuration: EncoderConfiguration, network: Network, file: String) {
        self.configuration = configuration; self.network = network; self.file = file
    }

    /// The shared feature extractor.
    public var backbone: Backbone {
        switch network {
        case .backbone(let e): return e.backbone
        case .progressive(let e): return e.backbone
        }
    }

    /// The GradualStyleBlock heads, one per W+ row.
    public var heads: [GradualStyleBlock] {
        switch network {
        case .backbone(let e): return e.heads
        case .progressive(let e): return e.heads
        }
    }

    /// Number of W+ rows produced (`n_styles`).
    public var styleCount: Int { configuration.headCount }
    /// Style dimension `D`.
    public var styleDim: Int { configuration.styleDim }

    /// x: `[B, C_in, H, W]` (C_in = 6 for ReStyle: input image, then current reconstruction) → `[B, n_styles, D]`.
    public func encode(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        try EncoderShapeCheck.requireImage(x, channels: configuration.inputChannels, "encoder input")
        switch network {
        case .backbone(let e): return try e.forward(x, workspace: workspace)
        case .progressive(let e): return try e.forward(x, workspace: workspace)
        }
    }
}
