import CBLAS

/// Single-precision matrix multiply over OpenBLAS (`cblas_sgemm`), row-major.
///
/// `C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C`, where `op(X)` is X or Xᵀ.
/// Leading dimensions are row strides in elements (row-major): for `A` untransposed `lda ≥ k`,
/// transposed (`A` stored `[k, m]`) `lda ≥ m`; likewise for `B`; `ldc ≥ n`.
///
/// Threading: OpenBLAS runs single-threaded and a large product is split into `Parallel.sliceCount` slices of C,
/// each a single-threaded OpenBLAS call, run on TensorCore's workers (`Parallel`). OpenBLAS's own threads busy-wait
/// with `sched_yield` between calls, which took 10–15% of the CPU samples of a 1024 px synthesis from the workers
/// running the transforms and epilogues between GEMMs; with one thread they are never started. The slices depend on
/// the shape only: inside a parallel region (a kernel's own workers, a study's concurrent cells) or on one core they
/// run one after the other, so a product gives the same floats however many workers run it. Setting
/// `blasThreadCount` above 1 hands threading back to OpenBLAS (no splitting).
public enum GEMM {
    /// Up to this many columns of C, a large A is multiplied column by column with sgemv.
    public static let smallColumnLimit = 4
    /// `m · k` from which the column-by-column path is used for 2 … `smallColumnLimit` columns.
    public static let vectorPathMinimumSize = 1 << 20
    /// Multiply-adds × 2 from which a product is split across the workers.
    public static let splitMinimumFlops = 1 << 22
    /// Matrix elements from which an sgemv is split across the workers.
    public static let splitMinimumVectorSize = 1 << 18

    /// Sets OpenBLAS to one thread once, before the first product.
    private static let singleThreadedBLAS: Void = { openblas_set_num_threads(1) }()

    /// Pointer-level sgemm (row-major). Arguments are programmer-checked.
    /// One-column and one-row products (and a few columns of a large A) run as sgemv, which skips sgemm's packing copy.
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
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                 b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// The dispatch of `sgemm` (sizes already checked, none zero).
    @usableFromInline
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = singleThreadedBLAS
        if n <= smallColumnLimit && (n == 1 || m * k >= vectorPathMinimumSize) {
            // C's columns one by one as A·b_j: sgemv streams A once per column, where sgemm would first copy
            // (pack) all of A for a handful of columns. 18 × [512, 4608]·[4608, n]: n = 1 10.8 → 5.5 ms,
            // n = 4 14.6 → 10.6 ms; n = 16 is faster as sgemm (19 vs 26 ms). Split over rows of C.
            let a0 = SendableConstPointer(a), b0 = SendableConstPointer(b), c0 = SendableMutablePointer(c)
            forEachSlice(m, elements: m * k) { rows in
                let aSlice = a0.base + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
                for j in 0..<n {
                    cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                                Int32(transposeA ? k : rows.count), Int32(transposeA ? rows.count : k), alpha, aSlice, Int32(lda),
                                b0.base + (transposeB ? j * ldb : j), Int32(transposeB ? 1 : ldb), beta,
                                c0.base + rows.lowerBound * ldc + j, Int32(ldc))
                }
            }
            return
        }
        if m == 1 {
            // A row vector times op(B): op(B)ᵀ·a as one sgemv (no packing of B), split over columns of C.
            let a0 = SendableConstPointer(a), b0 = SendableConstPointer(b), c0 = SendableMutablePointer(c)
            forEachSlice(n, elements: n * k) { cols in
                let bSlice = b0.base + (transposeB ? cols.lowerBound * ldb : cols.lowerBound)
                cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans,
                            Int32(transposeB ? cols.count : k), Int32(transposeB ? k : cols.count), alpha, bSlice, Int32(ldb),
                            a0.base, Int32(transposeA ? lda : 1), beta, c0.base + cols.lowerBound, 1)
            }
            return
        }
        if Precision.current == .bf16 && multiplyBF16(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                                      alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc) {
            return
        }
        let flops = 2 * m * n * k
        let a0 = SendableConstPointer(a), b0 = SendableConstPointer(b), c0 = SendableMutablePointer(c)
        if flops >= splitMinimumFlops && n >= m {
            // Column slices: B's and C's columns j0 ..< j1.
            forEachSlice(n, elements: splitMinimumVectorSize, align: 16) { cols in
                cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(cols.count), Int32(k), alpha, a0.base, Int32(lda),
                            b0.base + (transposeB ? cols.lowerBound * ldb : cols.lowerBound), Int32(ldb), beta,
                            c0.base + cols.lowerBound, Int32(ldc))
            }
        } else if flops >= splitMinimumFlops {
            // Row slices: A's and C's rows i0 ..< i1.
            forEachSlice(m, elements: splitMinimumVectorSize, align: 16) { rows in
                cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                            Int32(rows.count), Int32(n), Int32(k), alpha,
                            a0.base + (transposeA ? rows.lowerBound : rows.lowerBound * lda), Int32(lda),
                            b0.base, Int32(ldb), beta, c0.base + rows.lowerBound * ldc, Int32(ldc))
            }
        } else {
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// Splits `0..<count` into `Parallel.sliceCount` contiguous slices (slice starts multiples of `align`) when
    /// `elements` reaches `splitMinimumVectorSize` and OpenBLAS is single-threaded, and runs `body` on each: in
    /// parallel where workers are free, one after the other inside a region or on one worker. The cut depends on the
    /// arguments only, never on the worker count, so the product's floats are the same however it runs.
    static func forEachSlice(_ count: Int, elements: Int, align: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        let slices = sliceBounds(count, elements: elements, align: align)
        guard slices.count > 2 else {
            body(0..<count)
            return
        }
        Parallel.region(slices.count - 1) { s in body(slices[s]..<slices[s + 1]) }
    }

    /// The slice boundaries `forEachSlice` uses: `[0, …, count]` (just `[0, count]` when the product is not split).
    static func sliceBounds(_ count: Int, elements: Int, align: Int = 1) -> [Int] {
        let ways = min(Parallel.sliceCount, count / max(align, 1))
        guard ways > 1, elements >= splitMinimumVectorSize, blasThreadCount == 1 else { return [0, count] }
        let unit = (count + ways - 1) / ways, step = (unit + align - 1) / align * align
        let slices = (count + step - 1) / step
        return (0...slices).map { min(count, $0 * step) }
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
        _ = singleThreadedBLAS
        cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha,
                    a, Int32(lda), x, 1, beta, y, 1)
    }

    /// How products use the cores, for reports: "sgemm in 2 slices over N workers (OpenBLAS 1 thread)" or
    /// "OpenBLAS N threads".
    public static var threadingDescription: String {
        let t = blasThreadCount
        return t == 1 ? "sgemm in \(Parallel.sliceCount) slices over \(Parallel.workerCount) workers (OpenBLAS 1 thread)" : "OpenBLAS \(t) threads"
    }

    /// Number of threads OpenBLAS uses inside one sgemm call: 1 (TensorCore splits large products itself) unless
    /// set higher, which hands threading to OpenBLAS.
    public static var blasThreadCount: Int {
        get { _ = singleThreadedBLAS; return Int(openblas_get_num_threads()) }
        set { _ = singleThreadedBLAS; openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
