import CBLAS
import Foundation

/// The bfloat16 path of `GEMM.sgemm` under `Precision.with(.bf16)`: op(A) and op(B) are rounded to bfloat16 and
/// multiplied on oneDNN with float32 accumulation (`BF16Matmul`). Slices as the float32 path slices (by shape only:
/// `forEachSlice`), each slice one single-threaded primitive call, so results do not depend on worker counts.
extension GEMM {
    /// Products below this many multiply-adds × 2 stay float32 (rounding and a primitive call cost more).
    public static let bf16MinimumFlops = 1 << 16

    /// Whether an `[m, k] · [k, n]` product runs in bf16: only where it pays. Rounding both operands costs
    /// `m·k + k·n` conversions against `m·n·k` multiply-adds, and oneDNN's bf16 matmul is fast only with many rows
    /// and columns. Measured per layer at 1024 px (`scripts/bench generator --layers`, 2026-12-03): ToRGB (m = 3)
    /// ran 8–11× slower in bf16, Winograd's products at 32–64 channels (m = k = 32, 64) 1.4–2.1× slower, products
    /// with few columns (the 4–32 px maps) 1.5–4× slower; the upsampling convs (m = 9·O ≥ 288, long rows) and the
    /// 256–512-channel maps at 64–128 px ran 5–50 % faster. The rule keeps the latter; the others stay float32.
    /// A shape rule, so results depend on the shapes alone.
    @inlinable
    public static func bf16Pays(m: Int, n: Int, k: Int) -> Bool {
        m >= 256 && n >= 512 && k >= 64
    }

    /// Runs the product in bf16 when it qualifies (alpha 1, beta 0 or 1, `bf16Pays`; else false, and the caller
    /// runs float32). A slice whose shape oneDNN refuses runs in float32 (OpenBLAS) instead.
    @usableFromInline
    static func multiplyBF16(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) -> Bool {
        let flops = 2 * m * n * k
        guard alpha == 1, beta == 0 || beta == 1, flops >= bf16MinimumFlops,
              Precision.coversEveryProduct || bf16Pays(m: m, n: n, k: k) else { return false }
        let split = flops >= splitMinimumFlops ? splitMinimumVectorSize : 0
        // op(A) packed [m, k] once (the weights, in the convolutions), shared by the slices; already packed when
        // the calling kernel registered its weights for the whole call (`BF16PackedOperands`).
        let registered = transposeA ? nil : BF16PackedOperands.lookup(a, rows: m, cols: k, ld: lda)
        let packedA = registered?.packed ?? UnsafeMutablePointer<UInt16>.allocate(capacity: m * k)
        defer { if registered == nil { packedA.deallocate() } }
        if registered == nil { pack(a, transposed: transposeA, rows: m, cols: k, ld: lda, into: packedA) }
        let a0 = SendableBF16Pointer(packedA), b0 = SendableConstPointer(b), c0 = SendableMutablePointer(c)
        let af = SendableConstPointer(a)
        // Column slices of B and C (the float32 path's cut for n >= m; rows otherwise).
        if n >= m {
            forEachSlice(n, elements: split, align: 16) { cols in
                let packedB = UnsafeMutablePointer<UInt16>.allocate(capacity: k * cols.count)
                defer { packedB.deallocate() }
                if transposeB {
                    pack(b0.base + cols.lowerBound * ldb, transposed: true, rows: k, cols: cols.count, ld: ldb, into: packedB)
                } else {
                    pack(b0.base + cols.lowerBound, transposed: false, rows: k, cols: cols.count, ld: ldb, into: packedB)
                }
                do {
                    try BF16Matmul.multiply(m: m, n: cols.count, k: k, a: a0.base, lda: k, b: packedB, ldb: cols.count,
                                            c: c0.base + cols.lowerBound, ldc: ldc, accumulate: beta == 1)
                } catch {
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(cols.count), Int32(k), 1, af.base, Int32(lda),
                                b0.base + (transposeB ? cols.lowerBound * ldb : cols.lowerBound), Int32(ldb), beta,
                                c0.base + cols.lowerBound, Int32(ldc))
                }
            }
        } else {
            let packedB = UnsafeMutablePointer<UInt16>.allocate(capacity: k * n)
            defer { packedB.deallocate() }
            pack(b, transposed: transposeB, rows: k, cols: n, ld: ldb, into: packedB)
            let bb = SendableBF16Pointer(packedB)
            forEachSlice(m, elements: split, align: 16) { rows in
                do {
                    try BF16Matmul.multiply(m: rows.count, n: n, k: k, a: a0.base + rows.lowerBound * k, lda: k, b: bb.base,
                                            ldb: n, c: c0.base + rows.lowerBound * ldc, ldc: ldc, accumulate: beta == 1)
                } catch {
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(rows.count), Int32(n), Int32(k), 1,
                                af.base + (transposeA ? rows.lowerBound : rows.lowerBound * lda), Int32(lda),
                                b0.base, Int32(ldb), beta, c0.base + rows.lowerBound * ldc, Int32(ldc))
                }
            }
        }
        return true
    }

    /// op(X) `[rows, cols]` rounded to bf16, packed: X stored `[rows, ld]`, or `[cols, ld]` when transposed.
    static func pack(_ x: UnsafePointer<Float>, transposed: Bool, rows: Int, cols: Int, ld: Int,
                     into dst: UnsafeMutablePointer<UInt16>) {
        if !transposed {
            BFloat16.round(x, rows: rows, cols: cols, ld: ld, into: dst)
            return
        }
        for r in 0..<rows {
            let d = dst + r * cols
            for c in 0..<cols { d[c] = BFloat16.bits(x[c * ld + r]) }
        }
    }
}

/// A packed bf16 buffer that may cross into a parallel region (read only there).
struct SendableBF16Pointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt16>
    init(_ base: UnsafeMutablePointer<UInt16>) { self.base = base }
}
