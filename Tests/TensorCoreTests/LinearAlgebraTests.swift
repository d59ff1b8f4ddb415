import TensorCore
import TestSupport
import XCTest

final class LinearAlgebraTests: XCTestCase {
    func testEigenOfRandomSPDReconstructsAndIsDescending() throws {
        var rng = SeededGenerator(seed: 60)
        let n = 12
        let b = rng.normalTensor([n, n])
        var a = try Tensor.matmul(b, b, transposeB: true)
        for i in 0..<n { a[i, i] += Float(n) }
        let eig = try SymmetricEigen(a)
        let values = eig.values.scalars
        XCTAssertEqual(values, values.sorted(by: >))
        XCTAssertGreaterThan(values.last!, 0)
        // A = Vᵀ diag(λ) V with eigenvectors in the rows of V.
        var scaledRows = eig.vectors
        for i in 0..<n { for j in 0..<n { scaledRows[i, j] *= values[i] } }
        let rebuilt = try Tensor.matmul(eig.vectors, scaledRows, transposeA: true)
        assertClose(rebuilt, a, tolerance: 1e-4 * magnitude(a), "V^T Λ V")
        let gram = try Tensor.matmul(eig.vectors, eig.vectors, transposeB: true)
        assertClose(gram, Tensor(shape: [n, n], values: (0..<n * n).map { $0 / n == $0 % n ? 1 : 0 }), tolerance: 1e-5, "orthonormal")
    }

    func testEigenMatchesNumpyGoldenUpToSign() throws {
        let golden = try GoldenFile(fixture: "kernels/linalg.golden")
        let eig = try SymmetricEigen(try golden.tensor("spd"))
        let expectedValues = try golden.tensor("eigenvalues_desc"), expectedVectors = try golden.tensor("eigenvectors_rows")
        assertClose(eig.values, expectedValues, tolerance: 1e-4, "eigenvalues")
        let n = expectedValues.count
        for i in 0..<n {
            let got = (0..<n).map { eig.vectors[i, $0] }, want = (0..<n).map { expectedVectors[i, $0] }
            let sign: Float = zip(got, want).map(*).reduce(0, +) < 0 ? -1 : 1
            assertClose(got.map { $0 * sign }, want, tolerance: 1e-4, "eigenvector \(i)")
        }
    }

    func testSVDReconstructsWideAndTallMatrices() throws {
        var rng = SeededGenerator(seed: 61)
        for (m, n) in [(7, 5), (4, 9), (6, 6), (1, 3)] {
            let a = rng.normalTensor([m, n])
            let svd = try SingularValueDecomposition(a)
            let k = min(m, n)
            XCTAssertEqual(svd.u.shape, [m, k]); XCTAssertEqual(svd.s.shape, [k]); XCTAssertEqual(svd.vt.shape, [k, n])
            XCTAssertEqual(svd.s.scalars, svd.s.scalars.sorted(by: >))
            var us = svd.u
            for i in 0..<m { for j in 0..<k { us[i, j] *= svd.s[j] } }
            assertClose(try Tensor.matmul(us, svd.vt), a, tolerance: 1e-4, "U S Vt \(m)x\(n)")
        }
        let golden = try GoldenFile(fixture: "kernels/linalg.golden")
        assertClose(try SingularValueDecomposition(try golden.tensor("svd.a")).s, try golden.tensor("svd.s"), tolerance: 1e-5, "numpy svd")
    }

    func testLinearAlgebraRejectsBadInput() {
        XCTAssertThrowsError(try SymmetricEigen(Tensor(zeros: [2, 3]))) { XCTAssertTrue("\($0)".contains("SymmetricEigen")) }
        XCTAssertThrowsError(try SymmetricEigen(Tensor(shape: [1, 1], values: [.nan])))
        XCTAssertThrowsError(try SingularValueDecomposition(Tensor(zeros: [3])))
    }
}
