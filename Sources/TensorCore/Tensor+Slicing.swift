extension Tensor {
    /// The `i`-th sub-tensor along axis 0 (a copy). `[N, ...] → [...]`.
    public func slice(_ i: Int) -> Tensor {
        precondition(rank >= 1 && i >= 0 && i < shape[0], "slice \(i) of \(shape)")
        let inner = Array(shape.dropFirst())
        let n = inner.reduce(1, *)
        var out = Tensor(zeros: inner)
        out.withUnsafeMutableBufferPointer { dst in
            withUnsafeBufferPointer { src in dst.baseAddress!.update(from: src.baseAddress! + i * n, count: n) }
        }
        return out
    }

    /// Stacks equally shaped tensors along a new axis 0. `k × [...] → [k, ...]`.
    public static func stack(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty, "stack of no tensors")
        let inner = parts[0].shape
        var out = Tensor(zeros: [parts.count] + inner)
        let n = parts[0].count
        out.withUnsafeMutableBufferPointer { dst in
            for (i, p) in parts.enumerated() {
                precondition(p.shape == inner, "stack: shape \(p.shape) differs from \(inner)")
                p.withUnsafeBufferPointer { dst.baseAddress!.advanced(by: i * n).update(from: $0.baseAddress!, count: n) }
            }
        }
        return out
    }
}
