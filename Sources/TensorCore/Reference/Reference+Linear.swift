extension Reference {
    /// `alpha · op(a) · op(b) + beta · c` for rank-2 tensors (see `Tensor.matmul`).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
                              alpha: Float = 1, beta: Float = 0, adding c: Tensor? = nil) -> Tensor {
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition((transposeB ? b.shape[1] : b.shape[0]) == k, "Reference.matmul: inner sizes differ")
        var out = Tensor(zeros: [m, n])
        for i in 0..<m {
            for j in 0..<n {
                var acc = 0.0
                for t in 0..<k {
                    let av = transposeA ? a[t, i] : a[i, t], bv = transposeB ? b[j, t] : b[t, j]
                    acc += Double(av) * Double(bv)
                }
                out[i, j] = Float(Double(alpha) * acc + (c.map { Double(beta) * Double($0[i, j]) } ?? 0))
            }
        }
        return out
    }
}
