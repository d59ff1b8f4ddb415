import CBLAS

/// Single-precision matrix multiply over OpenBLAS (`cblas_sgemm`), row-major.
///
/// `C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C`, where `op(X)` is X or Xᵀ.
/// Leading dimensions are row strides in elements (row-major): for `A` untransposed `lda ≥ k`,
/// transposed (`A` stored `[k, m]`) `lda ≥ m`; likewise for `B`; `ldc ≥ n`.
public enum GEMM {
    /// Pointer-level sgemm (row-major). Arguments are programmer-checked.
    @inlinable
    public static func sgemm(transposeA: Bool = false, transposeB: Bool = false,
                             m: Int, n: Int, k: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m=\(m) n=\(n) k=\(k)")
        precondition(lda >= max(1, transposeA ? m : k) && ldb >= max(1, transposeB ? k : n) && ldc >= max(1, n),
                     "sgemm: leading dimension too small")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // BLAS semantics: C ← beta·C.
            for i in 0..<m {
                let row = c + i * ldc
                for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
            }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Pointer-level sgemv: `y[m] = alpha · op(A) x + beta · y` with A stored `[rows, cols]` row-major.
    public static func sgemv(transposeA: Bool = false, rows: Int, cols: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                             beta: Float = 0, y: UnsafeMutablePointer<Float>) {
        precondition(rows >= 0 && cols >= 0 && lda >= max(1, cols), "sgemv: bad sizes")
        if rows == 0 || cols == 0 {
            let outCount = transposeA ? cols : rows
            for i in 0..<outCount { y[i] = beta == 0 ? 0 : beta * y[i] }
            return
        }
        cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha,
                    a, Int32(lda), x, 1, beta, y, 1)
    }

    /// Number of threads OpenBLAS uses inside one sgemm call.
    public static var blasThreadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
