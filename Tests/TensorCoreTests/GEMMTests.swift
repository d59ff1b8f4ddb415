import TensorCore
import TestSupport
import XCTest

final class GEMMTests: XCTestCase {
    func testMatmulMatchesReferenceOverTransposesAndScalars() throws {
        var rng = SeededGenerator(seed: 1)
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 4, 9), (8, 13, 1)] {
            for ta in [false, true] { for tb in [false, true] {
                let a = rng.normalTensor(ta ? [k, m] : [m, k]), b = rng.normalTensor(tb ? [n, k] : [k, n])
                let c = rng.normalTensor([m, n])
                let fast = try Tensor.matmul(a, b, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3, adding: c)
                let ref = Reference.matmul(a, b, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3, adding: c)
                assertCloseScaled(fast, ref, "m\(m) n\(n) k\(k) ta\(ta) tb\(tb)")
            } }
        }
    }

    /// The sgemv paths: one column, one row, and a few columns of a large A, with every transpose and beta.
    func testVectorPathsMatchReference() throws {
        var rng = SeededGenerator(seed: 3)
        for (m, n, k) in [(37, 1, 23), (1, 29, 31), (1, 1, 5), (1024, 3, 1024), (1030, 4, 1024)] {
            for ta in [false, true] { for tb in [false, true] {
                let a = rng.normalTensor(ta ? [k, m] : [m, k]), b = rng.normalTensor(tb ? [n, k] : [k, n])
                let c = rng.normalTensor([m, n])
                let fast = try Tensor.matmul(a, b, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3, adding: c)
                assertCloseScaled(fast, flatMatmul(a, b, transposeA: ta, transposeB: tb, alpha: 0.7, beta: -1.3, adding: c), relative: 2e-5, "m\(m) n\(n) k\(k) ta\(ta) tb\(tb)")
            } }
        }
    }

    /// One column written inside a wider C (ldc > 1) leaves the other columns alone.
    func testOneColumnPathHonoursLeadingDimension() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 2]                  // A [2,2], b [2,1]
        var c = [Float](repeating: 9, count: 6)                              // C [2,1] inside [2,3]
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            GEMM.sgemm(m: 2, n: 1, k: 2, a: ap.baseAddress!, lda: 2, b: bp.baseAddress!, ldb: 1, c: cp.baseAddress!, ldc: 3)
        } } }
        XCTAssertEqual(c, [5, 9, 9, 11, 9, 9])
    }

    func testMatmulRejectsMismatchedInnerSize() {
        XCTAssertThrowsError(try Tensor.matmul(Tensor(zeros: [2, 3]), Tensor(zeros: [4, 2]))) { error in
            XCTAssertTrue("\(error)".contains("matmul"), "\(error)")
            XCTAssertTrue("\(error)".contains("[4, 2]"), "\(error)")
        }
    }

    func testLinearAppliesScaleAndBias() throws {
        var rng = SeededGenerator(seed: 2)
        let x = rng.normalTensor([3, 6]), w = rng.normalTensor([4, 6]), b = rng.normalTensor([4])
        let y = try x.linear(weight: w, bias: b, scale: 0.5, biasScale: 0.01)
        var expected = Reference.matmul(x, w, transposeB: true, alpha: 0.5)
        for i in 0..<3 { for j in 0..<4 { expected[i, j] += 0.01 * b[j] } }
        assertCloseScaled(y, expected, "linear")
    }

    func testPointerSgemmWithLeadingDimensionsWritesOnlyTheSubmatrix() {
        // C is a 2×3 block inside a 2×5 buffer (ldc 5); columns 3 and 4 must stay untouched.
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 2, 0, 1, 3]  // A [2,2], B [2,3]
        var c = [Float](repeating: 9, count: 10)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            GEMM.sgemm(m: 2, n: 3, k: 2, a: ap.baseAddress!, lda: 2, b: bp.baseAddress!, ldb: 3, c: cp.baseAddress!, ldc: 5)
        } } }
        XCTAssertEqual(c, [1, 2, 8, 9, 9, 3, 4, 18, 9, 9])
    }
}
