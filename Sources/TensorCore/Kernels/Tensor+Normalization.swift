/// BatchNorm2d in eval mode folded to a per-channel affine map (architecture §0.7):
/// `y = x · scale[c] + shift[c]`, `scale = weight / sqrt(var + eps)`, `shift = bias − mean · scale`.
public struct BatchNormFolded: Sendable {
    /// `[C]`
    public let scale: Tensor
    /// `[C]`
    public let shift: Tensor

    /// weight, bias, runningMean, runningVar: each `[C]`. eps defaults to PyTorch's 1e-5.
    public init(weight: Tensor, bias: Tensor, runningMean: Tensor, runningVar: Tensor, eps: Float = 1e-5) throws {
        let c = weight.shape
        guard c.count == 1 else {
            throw TensorCoreError.shapeMismatch(operation: "batchNorm", argument: "weight", expected: "[C]", actual: c)
        }
        try TensorCoreError.requireShape(bias, c, "batchNorm", "bias")
        try TensorCoreError.requireShape(runningMean, c, "batchNorm", "running_mean")
        try TensorCoreError.requireShape(runningVar, c, "batchNorm", "running_var")
        let w = weight.scalars, b = bias.scalars, m = runningMean.scalars, v = runningVar.scalars
        let s = (0..<c[0]).map { w[$0] / (v[$0] + eps).squareRoot() }
        scale = Tensor(shape: c, values: s)
        shift = Tensor(shape: c, values: (0..<c[0]).map { b[$0] - m[$0] * s[$0] })
    }
}

extension Tensor {
    /// Eval-mode BatchNorm with folded parameters. self: `[N, C, ...]`.
    public func batchNorm(_ bn: BatchNormFolded) throws -> Tensor {
        try channelAffine(scale: bn.scale, shift: bn.shift)
    }

    /// `y = x · scale[c] + shift[c]` along axis 1. self: `[N, C, ...]`, scale and shift: `[C]`.
    public func channelAffine(scale: Tensor, shift: Tensor) throws -> Tensor {
        try TensorCoreError.requireShape(shift, scale.shape, "channelAffine", "shift")
        let scaled = try perChannel(scale, "channelAffine", "scale") { $0 * $1 }
        return try scaled.perChannel(shift, "channelAffine", "shift") { $0 + $1 }
    }

    /// StyleGAN2 PixelNorm (architecture §0.9): `x / sqrt(mean_c(x²) + eps)` over axis 1.
    /// self: `[N, C]` or `[N, C, H, W]` (normalised per sample and pixel).
    public func pixelNormalized(eps: Float = 1e-8) throws -> Tensor {
        guard rank >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: "pixelNormalized", argument: "input", expected: "[N, C, ...]", actual: shape)
        }
        let n = shape[0], c = shape[1], inner = count / max(n * c, 1)
        var out = self
        out.withUnsafeMutableBufferPointer { p in
            for b in 0..<n {
                let base = p.baseAddress! + b * c * inner
                for i in 0..<inner {
                    var sum: Float = 0
                    for ch in 0..<c { let v = base[ch * inner + i]; sum += v * v }
                    let r = 1 / (sum / Float(c) + eps).squareRoot()
                    for ch in 0..<c { base[ch * inner + i] *= r }
                }
            }
        }
        return out
    }
}
