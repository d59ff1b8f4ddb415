import TensorCore

/// `bottleneck_IR_SE(in, depth, stride)` (architecture §B.2): `res_layer(x) + shortcut_layer(x)`, no activation
/// after the sum.
///
/// res_layer: BN(in) → conv3×3 (stride 1, pad 1) → PReLU(depth) → conv3×3 (stride s, pad 1) → BN(depth) → SE.
/// shortcut: MaxPool(1, s) (pure subsampling) when in == depth, else conv1×1 (stride s) + BN.
public struct IRSEBottleneck: Sendable {
    public let unit: EncoderConfiguration.Unit
    /// res_layer.0
    public let inputNorm: BatchNormFolded
    /// res_layer.1 weight `[depth, in, 3, 3]`.
    public let conv1: Tensor
    /// res_layer.2 slopes `[depth]`.
    public let prelu: Tensor
    /// res_layer.3 weight `[depth, depth, 3, 3]` (carries the stride).
    public let conv2: Tensor
    /// res_layer.4
    public let outputNorm: BatchNormFolded
    /// res_layer.5
    public let se: SEModule
    /// shortcut_layer.0 weight `[depth, in, 1, 1]` and shortcut_layer.1, when `unit.hasConvShortcut`.
    public let shortcut: (conv: Tensor, norm: BatchNormFolded)?

    public init(unit: EncoderConfiguration.Unit, inputNorm: BatchNormFolded, conv1: Tensor, prelu: Tensor, conv2: Tensor,
                outputNorm: BatchNormFolded, se: SEModule, shortcut: (conv: Tensor, norm: BatchNormFolded)?) {
        precondition((shortcut != nil) == unit.hasConvShortcut, "IR-SE shortcut does not match \(unit)")
        self.unit = unit; self.inputNorm = inputNorm; self.conv1 = conv1; self.prelu = prelu; self.conv2 = conv2
        self.outputNorm = outputNorm; self.se = se; self.shortcut = shortcut
    }

    /// x: `[B, in, H, W]` → `[B, depth, ⌊(H−1)/s⌋+1, ⌊(W−1)/s⌋+1]`.
    ///
    /// Fused: the input BN is one pass into a new map (the conv needs it zero-padded), PReLU runs in place on conv1's
    /// output, and the output BN, the SE gate, the shortcut's BN (or the MaxPool subsampling) and the sum are one
    /// in-place pass over conv2's output (`EncoderKernels`); the SE squeeze is the mean of BN(conv2) computed on the fly.
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        try EncoderShapeCheck.requireImage(x, channels: unit.inChannels, "IR-SE bottleneck input")
        let normed = EncoderKernels.affine(x, scale: inputNorm.scale, shift: inputNorm.shift)         // [B, in, H, W]
        var r = try normed.conv2d(weight: conv1, stride: 1, padding: 1, workspace: workspace)          // [B, depth, H, W]
        EncoderKernels.preluInPlace(&r, slopes: prelu)                                                  // [B, depth, H, W]
        r = try r.conv2d(weight: conv2, stride: unit.stride, padding: 1, workspace: workspace)          // [B, depth, H', W'] (before BN)
        let pooled = EncoderKernels.affineChannelMeans(r, scale: outputNorm.scale, shift: outputNorm.shift)  // [B, depth]
        let gates = try se.gates(pooled: pooled)                                                        // [B, depth]
        let shortcutTerm: EncoderKernels.Shortcut
        if let shortcut {
            let s = try x.conv2d(weight: shortcut.conv, stride: unit.stride, workspace: workspace)      // [B, depth, H', W'] (before BN)
            shortcutTerm = .affine(s, scale: shortcut.norm.scale, shift: shortcut.norm.shift)
        } else {
            shortcutTerm = .subsampled(x, stride: unit.stride)
        }
        EncoderKernels.residualOutput(&r, scale: outputNorm.scale, shift: outputNorm.shift, gates: gates, shortcut: shortcutTerm)
        return r                                                                                         // [B, depth, H', W']
    }
}
