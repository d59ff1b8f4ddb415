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
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        try EncoderShapeCheck.requireImage(x, channels: unit.inChannels, "IR-SE bottleneck input")
        var r = try x.batchNorm(inputNorm)                                                  // [B, in, H, W]
        r = try r.conv2d(weight: conv1, stride: 1, padding: 1, workspace: workspace)         // [B, depth, H, W]
        r = try r.prelu(slopes: prelu)                                                      // [B, depth, H, W]
        r = try r.conv2d(weight: conv2, stride: unit.stride, padding: 1, workspace: workspace) // [B, depth, H', W']
        r = try r.batchNorm(outputNorm)                                                     // [B, depth, H', W']
        r = try se.forward(r)                                                               // [B, depth, H', W']
        let s: Tensor
        if let shortcut {
            s = try x.conv2d(weight: shortcut.conv, stride: unit.stride, workspace: workspace)  // [B, depth, H', W']
                .batchNorm(shortcut.norm)
        } else {
            s = unit.stride == 1 ? x : try x.subsampled(stride: unit.stride)                // [B, depth, H', W']
        }
        return try r.adding(s)                                                              // [B, depth, H', W']
    }
}
