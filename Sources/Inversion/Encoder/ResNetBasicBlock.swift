import TensorCore

/// torchvision's ResNet `BasicBlock` (architecture §B.6):
/// `ReLU( BN2(conv2(ReLU(BN1(conv1(x))))) + shortcut(x) )`, conv1 3×3 with the stride, conv2 3×3 stride 1,
/// shortcut = `downsample` (conv1×1 stride s + BN) when present, else the identity.
public struct ResNetBasicBlock: Sendable {
    public let unit: EncoderConfiguration.Unit
    /// conv1 weight `[depth, in, 3, 3]` (carries the stride).
    public let conv1: Tensor
    public let norm1: BatchNormFolded
    /// conv2 weight `[depth, depth, 3, 3]`.
    public let conv2: Tensor
    public let norm2: BatchNormFolded
    /// downsample.0 weight `[depth, in, 1, 1]` and downsample.1, when `unit.hasConvShortcut`.
    public let downsample: (conv: Tensor, norm: BatchNormFolded)?

    public init(unit: EncoderConfiguration.Unit, conv1: Tensor, norm1: BatchNormFolded, conv2: Tensor, norm2: BatchNormFolded,
                downsample: (conv: Tensor, norm: BatchNormFolded)?) {
        precondition((downsample != nil) == unit.hasConvShortcut, "ResNet downsample does not match \(unit)")
        self.unit = unit; self.conv1 = conv1; self.norm1 = norm1; self.conv2 = conv2; self.norm2 = norm2
        self.downsample = downsample
    }

    /// x: `[B, in, H, W]` → `[B, depth, ⌊(H−1)/s⌋+1, ⌊(W−1)/s⌋+1]`.
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        try EncoderShapeCheck.requireImage(x, channels: unit.inChannels, "ResNet block input")
        var r = try x.conv2d(weight: conv1, stride: unit.stride, padding: 1, workspace: workspace)  // [B, depth, H', W']
        r = try r.batchNorm(norm1).relu()                                                          // [B, depth, H', W']
        r = try r.conv2d(weight: conv2, stride: 1, padding: 1, workspace: workspace)               // [B, depth, H', W']
        r = try r.batchNorm(norm2)                                                                 // [B, depth, H', W']
        let s: Tensor
        if let downsample {
            s = try x.conv2d(weight: downsample.conv, stride: unit.stride, workspace: workspace)   // [B, depth, H', W']
                .batchNorm(downsample.norm)
        } else {
            guard unit.stride == 1 else {
                throw InversionError.incompatibleParts("ResNet block with stride \(unit.stride) has no downsample")
            }
            s = x                                                                                   // [B, depth, H, W]
        }
        return try r.adding(s).relu()                                                              // [B, depth, H', W']
    }
}
