import TensorCore
import XCTest

/// Weights registered for a whole convolution call (`BF16PackedOperands`) give the same bits as packing them per
/// GEMM, and every registration ends with its scope.
final class BF16PackedOperandsTests: XCTestCase {
    func testRegisteredWeightsGiveTheSameBitsAndAreReleased() throws {
        guard BF16Matmul.isNative else { throw XCTSkip("no native bf16 here") }
        let m = 48, n = 300, k = 80
        let a = Tensor.randomNormal(shape: [m * k], seed: 41).scalars, b = Tensor.randomNormal(shape: [k * n], seed: 42).scalars
        func product(registered: Bool) -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            Precision.with(.bf16, everyProduct: true) {
                a.withUnsafeBufferPointer { ap in
                    let run = { GEMM.sgemm(m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: b, ldb: n, c: &c, ldc: n) }
                    if registered {
                        BF16PackedOperands.withPacked(ap.baseAddress!, rows: m, cols: k, ld: k) {
                            XCTAssertEqual(BF16PackedOperands.registeredCount, 1)
                            BF16PackedOperands.withPacked(ap.baseAddress!, rows: m, cols: k, ld: k) {   // nested: shared
                                XCTAssertEqual(BF16PackedOperands.registeredCount, 1)
                                run()
                            }
                            XCTAssertEqual(BF16PackedOperands.registeredCount, 1, "the outer scope still holds it")
                        }
                    } else {
                        run()
                    }
                }
            }
            return c
        }
        let plain = product(registered: false), cached = product(registered: true)
        XCTAssertEqual(plain, cached)
        XCTAssertEqual(BF16PackedOperands.registeredCount, 0, "released when the last scope ends")
        var fp32 = [Float](repeating: 0, count: m * n)
        GEMM.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &fp32, ldc: n)
        XCTAssertNotEqual(cached, fp32, "the registered path is bf16")
        // Under fp32 nothing is registered.
        a.withUnsafeBufferPointer { ap in
            BF16PackedOperands.withPacked(ap.baseAddress!, rows: m, cols: k, ld: k) {
                XCTAssertEqual(BF16PackedOperands.registeredCount, 0)
            }
        }
    }

    /// A tiled im2col conv and a multi-band Winograd conv under bf16: the same bits at 1 and 2 workers, near
    /// float32, and no registration left behind.
    func testConvolutionsUnderBF16AreDeterministicAndClose() throws {
        guard BF16Matmul.isNative else { throw XCTSkip("no native bf16 here") }
        for (kernel, size) in [(3, 96), (5, 64)] {             // 3×3: Winograd bands; 5×5: im2col tiles
            let x = Tensor.randomNormal(shape: [1, 32, size, size], seed: 51)
            let w = Tensor.randomNormal(shape: [64, 32, kernel, kernel], seed: 52).scaled(by: 0.05)
            func conv(_ p: Precision, _ workers: Int) throws -> Tensor {
                try Parallel.withWorkerCount(workers) { try Precision.with(p, everyProduct: true) { try x.conv2d(weight: w, padding: kernel / 2) } }
            }
            let one = try conv(.bf16, 1), two = try conv(.bf16, 2), ref = try conv(.fp32, 2)
            XCTAssertEqual(one.scalars, two.scalars, "k \(kernel): 1 vs 2 workers")
            var worst: Float = 0, scale: Float = 0
            for (u, v) in zip(one.scalars, ref.scalars) { worst = max(worst, abs(u - v)); scale = max(scale, abs(v)) }
            XCTAssertLessThan(worst / scale, 2e-2, "k \(kernel): bf16 vs fp32")
            XCTAssertGreaterThan(worst, 0, "k \(kernel): bf16 differs from fp32")
            XCTAssertEqual(BF16PackedOperands.registeredCount, 0)
        }
    }
}
