import TensorCore

/// `GradualStyleBlock` / map2style (architecture §B.3): `n` × [conv3×3 stride 2 pad 1 with bias, LeakyReLU(0.01)]
/// down to 1×1, flatten, then EqualLinear (lr_mul 1, no activation): `y = (W/√in) x + b`.
public struct GradualStyleBlock: Sendable {
    /// Conv weights `[C, C_in, 3, 3]` (then `[C, C, 3, 3]`) and biases `[C]`, in order.
    public let convs: [(weight: Tensor, bias: Tensor)]
    /// EqualLinear weight with its 1/√in scale folded in at load: `[D, C]`.
    public let linearWeight: Tensor
    /// EqualLinear bias `[D]` (lr_mul 1: used as stored).
    public let linearBias: Tensor

    /// `storedLinearWeight` is the checkpoint's unscaled `[D, C]`; the 1/√C fan-in scale is applied once, here.
    public init(convs: [(weight: Tensor, bias: Tensor)], storedLinearWeight: Tensor, linearBias: Tensor) {
        self.convs = convs
        let fanIn = storedLinearWeight.shape[1]
        self.linearWeight = storedLinearWeight.scaled(by: 1 / Float(fanIn).squareRoot())   // [D, C]
        self.linearBias = linearBias
    }

    /// Input channels.
    public var inChannels: Int { convs.first?.weight.shape[1] ?? linearWeight.shape[1] }
    /// Output width `D`.
    public var outDim: Int { linearWeight.shape[0] }

    /// x: `[B, C_in, h, w]` → `[B, D]`. The convs must bring the map to 1×1 (h, w ≤ 2^n).
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        let (b, _, _) = try EncoderShapeCheck.requireImage(x, channels: inChannels, "style head input")
        var h = x                                                                              // [B, C_in, h, w]
        for conv in convs {
            h = try h.conv2d(weight: conv.weight, bias: conv.bias, stride: 2, padding: 1, workspace: workspace)  // [B, C, ⌈h/2⌉, ⌈w/2⌉]
            EncoderKernels.leakyReLUInPlace(&h, slope: 0.01)
        }
        guard h.shape[2] == 1, h.shape[3] == 1 else {
            throw InversionError.invalidInput(
                argument: "style head input (after \(convs.count) stride-2 convs the map is \(h.shape[2])×\(h.shape[3]), not 1×1: "
                    + "the image is too large for this encoder, or the backbone's stride-2 units differ from the inferred ones)",
                expected: "[B, \(inChannels), h, w] with h, w ≤ \(1 << convs.count)", actual: x.shape)
        }
        let flat = h.reshaped([b, h.shape[1]])                                                 // [B, C]
        return try flat.linear(weight: linearWeight, bias: linearBias)                         // [B, D]
    }
}
