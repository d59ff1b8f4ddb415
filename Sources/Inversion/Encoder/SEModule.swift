import TensorCore

/// Squeeze-and-excitation (architecture §B.2): `y = x · sigmoid(fc2(ReLU(fc1(mean_HW(x)))))[c]`.
/// fc1 and fc2 are bias-free 1×1 convs, run here as matrix products on the pooled vector.
public struct SEModule: Sendable {
    /// fc1 weight `[C/r, C]` (the stored `[C/r, C, 1, 1]`, reshaped without a copy).
    public let reduce: Tensor
    /// fc2 weight `[C, C/r]`.
    public let expand: Tensor

    /// fc1: `[C/r, C, 1, 1]` or `[C/r, C]`; fc2: `[C, C/r, 1, 1]` or `[C, C/r]` (shapes checked by the loader).
    public init(fc1: Tensor, fc2: Tensor) {
        reduce = fc1.reshaped(Array(fc1.shape.prefix(2)))
        expand = fc2.reshaped(Array(fc2.shape.prefix(2)))
        precondition(reduce.shape == [expand.shape[1], expand.shape[0]], "SE weights \(fc1.shape) / \(fc2.shape)")
    }

    /// Channels `C`.
    public var channels: Int { expand.shape[0] }

    /// x: `[B, C, H, W]` → `[B, C, H, W]`.
    public func forward(_ x: Tensor) throws -> Tensor {
        try EncoderShapeCheck.requireImage(x, channels: channels, "SE input")
        let gates = try gates(pooled: try x.channelMeans())                // [B, C]
        return try x.scalingChannels(by: gates)                            // [B, C, H, W]
    }

    /// The excitation from the squeezed input: pooled `[B, C]` → gates `sigmoid(fc2(ReLU(fc1(pooled))))` `[B, C]`.
    public func gates(pooled: Tensor) throws -> Tensor {
        let hidden = try pooled.linear(weight: reduce).relu()              // [B, C/r]
        return try hidden.linear(weight: expand).sigmoid()                 // [B, C]
    }
}
