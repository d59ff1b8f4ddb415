import Foundation
import TensorCore
import XCTest

/// bfloat16 rounding and oneDNN's bf16 matmul against a naive twin: the products of the rounded inputs summed in
/// double precision. oneDNN accumulates in float32, so the two differ by float32 summation error only.
final class BF16MatmulTests: XCTestCase {
    func testRoundingIsToNearestEven() {
        XCTAssertEqual(BFloat16.bits(1), 0x3F80)
        XCTAssertEqual(BFloat16.bits(-2), 0xC000)
        XCTAssertEqual(BFloat16.bits(1 + 0x1p-8), 0x3F80)                   // halfway, to the even mantissa 0
        XCTAssertEqual(BFloat16.bits(1 + 3 * 0x1p-8), 0x3F82)               // halfway, to the even mantissa 2
        XCTAssertEqual(BFloat16.bits(1 + 0x1p-8 + 0x1p-20), 0x3F81)         // just above halfway: up
        XCTAssertEqual(BFloat16.bits(.greatestFiniteMagnitude), 0x7F80)     // overflows to +infinity
        XCTAssertEqual(BFloat16.bits(.infinity), 0x7F80)
        XCTAssertTrue(BFloat16.float(BFloat16.bits(.nan)).isNaN)
        XCTAssertEqual(BFloat16.float(0x3F81), 1 + 0x1p-7)
        for x: Float in [0, -0, 1e-30, 3.14159, -65504, 1e30] {
            let r = BFloat16.float(BFloat16.bits(x))
            XCTAssertLessThanOrEqual(abs(r - x), abs(x) * 0x1p-8, "\(x)")
        }
    }

    /// Plain `with(.bf16)` runs bf16 only where it pays (`GEMM.bf16Pays`): a ToRGB-like product (3 rows) keeps the
    /// float32 bits; a wide one runs in bf16 (differs from float32, the same at 1 and 2 workers).
    func testBF16RunsOnlyWhereItPays() throws {
        guard BF16Matmul.isNative else { throw XCTSkip("no native bf16 here") }
        XCTAssertFalse(GEMM.bf16Pays(m: 3, n: 4096, k: 512))
        XCTAssertFalse(GEMM.bf16Pays(m: 32, n: 4096, k: 32))
        XCTAssertFalse(GEMM.bf16Pays(m: 512, n: 64, k: 512))
        XCTAssertTrue(GEMM.bf16Pays(m: 288, n: 2048, k: 64))
        for (m, n, k, pays) in [(3, 4096, 512, false), (256, 1024, 64, true)] {
            let a = Tensor.randomNormal(shape: [m * k], seed: 61).scalars, b = Tensor.randomNormal(shape: [k * n], seed: 62).scalars
            func run(_ p: Precision, workers: Int) -> [Float] {
                var c = [Float](repeating: 0, count: m * n)
                Parallel.withWorkerCount(workers) {
                    Precision.with(p) { GEMM.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n) }
                }
                return c
            }
            let fp32 = run(.fp32, workers: 2), bf16 = run(.bf16, workers: 2)
            XCTAssertEqual(bf16, run(.bf16, workers: 1), "m \(m): 1 vs 2 workers")
            if pays { XCTAssertNotEqual(bf16, fp32, "m \(m) n \(n) k \(k) runs in bf16") } else { XCTAssertEqual(bf16, fp32, "m \(m) stays float32") }
        }
    }

    /// The 16-lane `round` gives `bits` lane by lane: halfway cases, NaNs (signalling and negative), infinities,
    /// overflow, subnormals, random values; a row length that leaves a scalar tail, and a row stride.
    func testVectorRoundingMatchesScalarBits() {
        var values: [Float] = [1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-8 + 0x1p-20, .greatestFiniteMagnitude, .infinity,
                               -.infinity, .nan, -.nan, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFF80_0001),
                               .leastNonzeroMagnitude, -.leastNormalMagnitude, 0, -0, Float(bitPattern: 0x7F7F_FFFF)]
        values += Tensor.randomNormal(shape: [3 * 37 * 2 - values.count], seed: 31).scalars.map { $0 * 1e3 }
        let rows = 3, cols = 37, ld = 74
        var out = [UInt16](repeating: 0, count: rows * cols)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { BFloat16.round(src.baseAddress!, rows: rows, cols: cols, ld: ld, into: $0.baseAddress!) }
        }
        for r in 0..<rows {
            for c in 0..<cols {
                XCTAssertEqual(out[r * cols + c], BFloat16.bits(values[r * ld + c]), "row \(r) col \(c): \(values[r * ld + c])")
            }
        }
    }

    /// Random bf16 matrices [m, k] · [k, n] with padded leading dimensions, with and without accumulation.
    private func check(m: Int, n: Int, k: Int, pad: Int, accumulate: Bool, seed: UInt64) throws {
        let lda = k + pad, ldb = n + pad, ldc = n + 2 * pad
        let a = Tensor.randomNormal(shape: [m * lda], seed: seed).scalars.map(BFloat16.bits)
        let b = Tensor.randomNormal(shape: [k * ldb], seed: seed + 1).scalars.map(BFloat16.bits)
        let c0 = Tensor.randomNormal(shape: [m * ldc], seed: seed + 2).scalars
        var c = c0
        try a.withUnsafeBufferPointer { ap in
            try b.withUnsafeBufferPointer { bp in
                try c.withUnsafeMutableBufferPointer { cp in
                    try BF16Matmul.multiply(m: m, n: n, k: k, a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb,
                                            c: cp.baseAddress!, ldc: ldc, accumulate: accumulate)
                }
            }
        }
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<ldc {
                let got = Double(c[i * ldc + j])
                guard j < n else {
                    XCTAssertEqual(c[i * ldc + j], c0[i * ldc + j], "padding column \(j) of row \(i) was written")
                    continue
                }
                var sum = accumulate ? Double(c0[i * ldc + j]) : 0, magnitude = abs(sum)
                for p in 0..<k {
                    let term = Double(BFloat16.float(a[i * lda + p])) * Double(BFloat16.float(b[p * ldb + j]))
                    sum += term
                    magnitude += abs(term)
                }
                worst = max(worst, abs(got - sum) / max(magnitude, 1e-30))
            }
        }
        XCTAssertLessThan(worst, 1e-5, "m \(m) n \(n) k \(k) accumulate \(accumulate): worst relative error \(worst)")
    }

    func testMatchesTheNaiveProduct() throws {
        do {
            try check(m: 1, n: 1, k: 1, pad: 0, accumulate: false, seed: 1)
        } catch where !BF16Matmul.isNative {
            throw XCTSkip("oneDNN has no bf16 matmul on this CPU (\(error))")
        }
        try check(m: 7, n: 13, k: 5, pad: 3, accumulate: false, seed: 2)
        try check(m: 7, n: 13, k: 5, pad: 3, accumulate: true, seed: 3)
        try check(m: 64, n: 300, k: 576, pad: 0, accumulate: false, seed: 4)
        try check(m: 33, n: 129, k: 1000, pad: 5, accumulate: true, seed: 5)
    }

    /// The same product from 4 threads at once equals the serial one, bit for bit.
    func testConcurrentCallsGiveTheSerialBits() throws {
        let m = 48, n = 257, k = 320
        let a = Tensor.randomNormal(shape: [m * k], seed: 9).scalars.map(BFloat16.bits)
        let b = Tensor.randomNormal(shape: [k * n], seed: 10).scalars.map(BFloat16.bits)
        @Sendable func product() throws -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            try a.withUnsafeBufferPointer { ap in
                try b.withUnsafeBufferPointer { bp in
                    try c.withUnsafeMutableBufferPointer { cp in
                        try BF16Matmul.multiply(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n,
                                                c: cp.baseAddress!, ldc: n)
                    }
                }
            }
            return c
        }
        let serial: [Float]
        do { serial = try product() } catch where !BF16Matmul.isNative { throw XCTSkip("no bf16 matmul here (\(error))") }
        nonisolated(unsafe) var results = [[Float]](repeating: [], count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in results[i] = (try? product()) ?? [] }
        for r in results { XCTAssertEqual(r, serial) }
    }

    /// `GEMM.sgemm` under `Precision.with(.bf16)`: every transpose and beta against the naive product of the rounded
    /// operands; bit-identical on 1 and 2 workers (the workers inherit the precision: a worker left in float32 would
    /// change its slice); float32 outside `with`, equal to the default path.
    func testSGEMMUnderBF16() throws {
        guard BF16Matmul.isNative else { throw XCTSkip("no native bf16 here") }
        let k = 96
        let cases: [(Int, Int, Bool, Bool, Float)] = [(40, 700, false, false, 0), (40, 700, true, false, 1), (40, 700, false, true, 0),
                                                      (40, 700, true, true, 1), (700, 40, false, false, 1), (700, 40, true, true, 0)]
        for (m, n, ta, tb, beta) in cases {       // column slices (n >= m) and row slices (m > n)
            let a = Tensor.randomNormal(shape: [m * k], seed: 21).scalars, b = Tensor.randomNormal(shape: [k * n], seed: 22).scalars
            let c0 = Tensor.randomNormal(shape: [m * n], seed: 23).scalars
            func run(_ precision: Precision, workers: Int) -> [Float] {
                var c = c0
                Parallel.withWorkerCount(workers) {
                    Precision.with(precision, everyProduct: true) {
                        GEMM.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b, ldb: tb ? k : n,
                                   beta: beta, c: &c, ldc: n)
                    }
                }
                return c
            }
            let one = run(.bf16, workers: 1), two = run(.bf16, workers: 2)
            XCTAssertEqual(one, two, "m \(m) n \(n) ta \(ta) tb \(tb): 1 vs 2 workers")
            var fp32Default = c0
            GEMM.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b, ldb: tb ? k : n,
                       beta: beta, c: &fp32Default, ldc: n)
            XCTAssertEqual(run(.fp32, workers: 2), fp32Default, "fp32 under with(.fp32) is the default path")
            XCTAssertNotEqual(one, fp32Default, "bf16 must differ from float32 somewhere")
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var sum = beta == 1 ? Double(c0[i * n + j]) : 0, magnitude = abs(sum)
                    for p in 0..<k {
                        let x = BFloat16.float(BFloat16.bits(ta ? a[p * m + i] : a[i * k + p]))
                        let y = BFloat16.float(BFloat16.bits(tb ? b[j * k + p] : b[p * n + j]))
                        sum += Double(x) * Double(y)
                        magnitude += abs(Double(x) * Double(y))
                    }
                    worst = max(worst, abs(Double(one[i * n + j]) - sum) / magnitude)
                }
            }
            XCTAssertLessThan(worst, 1e-5, "ta \(ta) tb \(tb) beta \(beta)")
        }
    }
}
