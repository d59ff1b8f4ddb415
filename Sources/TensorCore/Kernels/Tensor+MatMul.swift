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

    /// Rows of x per product in `linear`: every product has exactly this many rows (the last block zero-padded), so
    /// a sample's output never depends on the batch it came in (batch 1 or 3, a split across cores or cells).
    public static let linearRowBlock = 16

    /// Fully connected layer: `y[b, o] = scale · Σ_i weight[o, i] · x[b, i] + biasScale · bias[o]`.
    /// x: `[B, in]`, weight: `[out, in]`, bias: `[out]` or nil. Returns `[B, out]`.
    ///
    /// Computed in blocks of `linearRowBlock` rows, each one `[linearRowBlock, in] · [in, out]` product of the same
    /// shape whatever B is: batch-invariant to the bit (OpenBLAS picks its kernels by shape; a `[1, in]` product
    /// would be an sgemv with another summation order).
    public func linear(weight: Tensor, bias: Tensor? = nil, scale: Float = 1, biasScale: Float = 1) throws -> Tensor {
        let op = "linear"
        try TensorCoreError.requireRank(self, 2, op, "x", "[B, in]")
        try TensorCoreError.requireShape(weight, [weight.shape.first ?? 0, shape[1]], op, "weight")
        let outDim = weight.shape[0], batch = shape[0], inDim = shape[1]
        if let bias { try TensorCoreError.requireShape(bias, [outDim], op, "bias") }
        var out = Tensor(zeros: [batch, outDim])
        guard batch > 0, outDim > 0 else { return out }
        let block = Tensor.linearRowBlock
        let biasValues: [Float] = bias.map { b in b.scalars.map { biasScale * $0 } } ?? []
        // Padded block buffers for a last block of fewer than `block` rows: x [block, in], y [block, out].
        var paddedX = [Float](), paddedY = [Float]()
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { wp in
                    var start = 0
                    while start < batch {
                        let rows = min(block, batch - start)
                        let full = rows == block
                        if !full {
                            paddedX = [Float](repeating: 0, count: block * inDim)
                            paddedY = [Float](repeating: 0, count: block * outDim)
                            paddedX.withUnsafeMutableBufferPointer {
                                $0.baseAddress!.update(from: xp.baseAddress! + start * inDim, count: rows * inDim)
                            }
                        }
                        paddedX.withUnsafeBufferPointer { px in
                            paddedY.withUnsafeMutableBufferPointer { py in
                                let x = full ? xp.baseAddress! + start * inDim : px.baseAddress!
                                let y = full ? o.baseAddress! + start * outDim : py.baseAddress!
                                if !biasValues.isEmpty {
                                    for r in 0..<block { (y + r * outDim).update(from: biasValues, count: outDim) }
                                }
                                GEMM.sgemm(transposeB: true, m: block, n: outDim, k: inDim, alpha: scale,
                                           a: x, lda: inDim, b: wp.baseAddress!, ldb: inDim,
                                           beta: biasValues.isEmpty ? 0 : 1, c: y, ldc: outDim)
                                if !full { (o.baseAddress! + start * outDim).update(from: y, count: rows * outDim) }
                            }
                        }
                        start += rows
                    }
                }
            }
        }
        return out
    }
}
