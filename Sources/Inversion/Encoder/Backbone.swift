import TensorCore

/// The feature extractor shared by every ReStyle encoder head: a stem and a body of residual units
/// (architecture §B.2 for IR-SE, §B.6 for ResNet-34). Its last map feeds every GradualStyleBlock.
public struct Backbone: Sendable {
    /// The stem: IR-SE `input_layer` (conv3×3 stride 1 pad 1, BN, PReLU) or ResNet `conv1`/`bn1`/`relu`
    /// (conv7×7 stride 2 pad 3, BN, PReLU; no max-pool).
    public struct Stem: Sendable {
        /// `[stem, in, k, k]`, k = 3 (IR-SE) or 7 (ResNet).
        public let conv: Tensor
        public let norm: BatchNormFolded
        /// PReLU slopes `[stem]`.
        public let prelu: Tensor
        public let stride: Int
        public let padding: Int

        public init(conv: Tensor, norm: BatchNormFolded, prelu: Tensor, stride: Int, padding: Int) {
            self.conv = conv; self.norm = norm; self.prelu = prelu; self.stride = stride; self.padding = padding
        }

        /// x: `[B, in, H, W]` → `[B, stem, H', W']`.
        public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
            try EncoderShapeCheck.requireImage(x, channels: conv.shape[1], "encoder input")
            var y = try x.conv2d(weight: conv, stride: stride, padding: padding, workspace: workspace)  // [B, stem, H', W']
            EncoderKernels.preluInPlace(&y, slopes: prelu, scale: norm.scale, shift: norm.shift)       // PReLU(BN(y)), in place
            return y                                                                                   // [B, stem, H', W']
        }
    }

    /// One body unit of either family.
    public enum Unit: Sendable {
        case irSE(IRSEBottleneck)
        case resNet(ResNetBasicBlock)

        /// x: `[B, in, H, W]` → `[B, depth, H', W']`.
        public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
            switch self {
            case .irSE(let u): return try u.forward(x, workspace: workspace)
            case .resNet(let u): return try u.forward(x, workspace: workspace)
            }
        }
    }

    public let kind: BackboneKind
    public let stem: Stem
    public let units: [Unit]

    public init(kind: BackboneKind, stem: Stem, units: [Unit]) {
        self.kind = kind; self.stem = stem; self.units = units
    }

    /// The last feature map. x: `[B, in, H, W]` → `[B, C_last, H/16, W/16]` (official strides).
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        try forward(x, workspace: workspace, observe: nil)
    }

    /// Like `forward`, also calling `observe(i, output)` with the stem output (i = −1) and every unit's output (i ≥ 0).
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil, observe: ((Int, Tensor) -> Void)?) throws -> Tensor {
        let ws = workspace ?? KernelWorkspace()
        var h = try stem.forward(x, workspace: ws)                  // [B, stem, H', W']
        observe?(-1, h)
        for (i, unit) in units.enumerated() {
            h = try unit.forward(h, workspace: ws)                   // [B, depth_i, H_i, W_i]
            observe?(i, h)
        }
        return h                                                     // [B, C_last, H_last, W_last]
    }
}
