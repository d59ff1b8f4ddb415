extension Tensor {
    /// Matrix product of rank-2 tensors: `alpha · op(a) · op(b) + beta · c`.
    ///
    /// a: `[m, k]` (or `[k, m]` when `transposeA`), b: `[k, n]` (or `[n, k]` when `transposeB`),
    /// c: optional `[m, n]` accumulated with `beta` (ignored when nil). Returns `[m, n]`.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
                              alpha: Float = 1, beta: Float = 0, adding c: Tensor? = nil) throws -> Tensor {
        let op = "matmul"
        try TensorCoreError.requireRank(a, 2, op, "a", "[m, k]")
        try TensorCoreError.requireRank(b, 2, op, "b", "[k, n]")
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        guard k == kb else {
            throw TensorCoreError.shapeMismatch(operation: op, argument: "b",
                                                expected: transposeB ? "[n, \(k)]" : "[\(k), n]", actual: b.shape)
        }
        var out: Tensor
        if let c {
            try TensorCoreError.requireShape(c, [m, n], op, "c")
            out = c
        } else {
            out = Tensor(zeros: [m, n])
        }
        let effectiveBeta: Float = c == nil ? 0 : beta
        out.withUnsafeMutableBufferPointer { cp in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    GEMM.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                               a: ap.baseAddress!, lda: a.shape[1], b: bp.baseAddress!, ldb: b.shape[1],
                               beta: effectiveBeta, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }

    /// Fully connected layer: `y[b, o] = scale · Σ_i weight[o, i] · x[b, i] + biasScale · bias[o]`.
    /// x: `[B, in]`, weight: `[out, in]`, bias: `[out]` or nil. Returns `[B, out]`.
    public func linear(weight: Tensor, bias: Tensor? = nil, scale: Float = 1, biasScale: Float = 1) throws -> Tensor {
        let op = "linear"
        try TensorCoreError.requireRank(self, 2, op, "x", "[B, in]")
        try TensorCoreError.requireShape(weight, [weight.shape.first ?? 0, shape[1]], op, "weight")
        let outDim = weight.shape[0], batch = shape[0]
        var out = Tensor(zeros: [batch, outDim])
        if let bias {
            try TensorCoreError.requireShape(bias, [outDim], op, "bias")
            out.withUnsafeMutableBufferPointer { o in
                bias.withUnsafeBufferPointer { bp in
                    for b in 0..<batch { for j in 0..<outDim { o[b * outDim + j] = biasScale * bp[j] } }
                }
            }
        }
        let hasBias = bias != nil
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { wp in
                    GEMM.sgemm(transposeB: true, m: batch, n: outDim, k: shape[1], alpha: scale,
                               a: xp.baseAddress!, lda: shape[1], b: wp.baseAddress!, ldb: shape[1],
                               beta: hasBias ? 1 : 0, c: o.baseAddress!, ldc: outDim)
                }
            }
        }
        return out
    }
}
