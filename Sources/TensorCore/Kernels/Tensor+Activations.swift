import Foundation

extension Tensor {
    /// StyleGAN2 `fused_leaky_relu` (architecture §0.6): `gain · LReLU_slope(x + bias[c])`.
    ///
    /// self: `[N, C, ...]` (bias on axis 1) or `[N, C]`; bias: `[C]` or nil. Defaults slope 0.2, gain √2.
    public func fusedLeakyReLU(bias: Tensor?, slope: Float = 0.2, gain: Float = Float(2.0.squareRoot())) throws -> Tensor {
        guard let bias else { return leakyReLU(slope: slope, gain: gain) }
        return try perChannel(bias, "fusedLeakyReLU", "bias") { v, b in
            let t = v + b
            return gain * (t > 0 ? t : slope * t)
        }
    }

    /// `gain · LReLU_slope(x)`; `nn.LeakyReLU()` is slope 0.01, gain 1.
    public func leakyReLU(slope: Float = 0.01, gain: Float = 1) -> Tensor {
        mapElements { v in gain * (v > 0 ? v : slope * v) }
    }

    /// `nn.PReLU(C)`: `x if x ≥ 0 else slopes[c]·x`. self: `[N, C, ...]`, slopes: `[C]`.
    public func prelu(slopes: Tensor) throws -> Tensor {
        try perChannel(slopes, "prelu", "slopes") { v, a in v >= 0 ? v : a * v }
    }

    /// `max(x, 0)`.
    public func relu() -> Tensor { mapElements { max($0, 0) } }

    /// `1 / (1 + e^−x)`.
    public func sigmoid() -> Tensor { mapElements { 1 / (1 + Foundation.exp(-$0)) } }

    /// Adds `bias[c]` along axis 1. self: `[N, C, ...]`, bias: `[C]`.
    public func addingChannelBias(_ bias: Tensor) throws -> Tensor {
        try perChannel(bias, "addingChannelBias", "bias") { $0 + $1 }
    }

    /// Applies `f(x, values[c])` with `c` the axis-1 index. self: `[N, C, ...]`, values: `[C]`.
    func perChannel(_ values: Tensor, _ operation: String, _ argument: String,
                    _ f: @escaping @Sendable (Float, Float) -> Float) throws -> Tensor {
        guard rank >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: operation, argument: "input", expected: "[N, C, ...]", actual: shape)
        }
        try TensorCoreError.requireShape(values, [shape[1]], operation, argument)
        let channels = shape[1], inner = count / max(shape[0] * channels, 1)
        let planes = shape[0] * channels
        var out = self
        out.withUnsafeMutableBufferPointer { p in
            values.withUnsafeBufferPointer { vp in
                let base = SendableMutablePointer(p.baseAddress!), v = SendableConstPointer(vp.baseAddress!)
                Parallel.forEach(planes, workPerItem: inner) { plane in
                    let value = v.base[plane % channels], row = base.base + plane * inner
                    for i in 0..<inner { row[i] = f(row[i], value) }
                }
            }
        }
        return out
    }
}
