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
    ///
    /// Each row is its own `[1, in] · [in, out]` product (an sgemv, cut by shape only), the rows spread over the
    /// workers: a sample's output is bit-identical whatever batch it came in (batch 1 or 3, a split across cores or
    /// cells). One `[B, in]` sgemm would be faster for large B, but OpenBLAS's result for a row then depends on its
    /// position in the block (measured with the Haswell kernels).
    public func linear(weight: Tensor, bias: Tensor? = nil, scale: Float = 1, biasScale: Float = 1) throws -> Tensor {
        let op = "linear"
        try TensorCoreError.requireRank(self, 2, op, "x", "[B, in]")
        try TensorCoreError.requireShape(weight, [weight.shape.first ?? 0, shape[1]], op, "weight")
        let outDim = weight.shape[0], batch = shape[0], inDim = shape[1]
        if let bias { try TensorCoreError.requireShape(bias, [outDim], op, "bias") }
        var out = Tensor(zeros: [batch, outDim])
        guard batch > 0, outDim > 0 else { return out }
        let biasValues: [Float] = bias.map { b in b.scalars.map { biasScale * $0 } } ?? []
        let hasBias = !biasValues.isEmpty
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { wp in
                    let y0 = SendableMutablePointer(o.baseAddress!), x0 = SendableConstPointer(xp.baseAddress!)
                    let w0 = SendableConstPointer(wp.baseAddress!)
                    Parallel.forEach(batch, workPerItem: outDim * inDim) { b in
                        let y = y0.base + b * outDim
                        if hasBias { y.update(from: biasValues, count: outDim) }
                        GEMM.sgemm(transposeB: true, m: 1, n: outDim, k: inDim, alpha: scale,
                                   a: x0.base + b * inDim, lda: inDim, b: w0.base, ldb: inDim,
                                   beta: hasBias ? 1 : 0, c: y, ldc: outDim)
                    }
                }
            }
        }
        return out
    }
}
