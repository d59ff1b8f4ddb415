import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

final class SeFaTests: XCTestCase {
    /// SeFa on g32_restyle.pt matches NumPy `eigh` (scripts/fixtures/authoring.py) up to sign, to 1e-4.
    func testMatchesNumPyEighOnSmallGenerator() throws {
        let golden = try GoldenFile(fixture: "authoring/authoring.golden")
        for (tag, rows, toRGB) in [("all", Set(0..<8), false), ("rows2_5", Set(2...5), false), ("all_torgb", Set(0..<8), true)] {
            let weights = try AuthoringFixtures.g32ModulationWeights(rows: rows, includeToRGB: toRGB)
            XCTAssertEqual(weights.count, toRGB ? 11 : (rows.count == 8 ? 7 : 4), tag)
            let result = try SeFa.factorize(weights: weights, count: 6)
            assertClose(result.eigenvalues, try golden.tensor("sefa_\(tag)_values").scalars, tolerance: 1e-4, "\(tag) eigenvalues")
            AuthoringFixtures.assertRowsMatchUpToSign(result.directions, try golden.tensor("sefa_\(tag)_vectors"), tolerance: 1e-4, tag)
        }
    }

    /// Per-row normalisation makes a layer's scale irrelevant; eigenvalues sum to the row count (trace of AᵀA).
    func testScaleInvarianceAndTrace() throws {
        var rng = SeededGenerator(seed: 5)
        let a = rng.normalTensor([12, 8]), b = rng.normalTensor([7, 8])
        let r1 = try SeFa.factorize(weights: [a, b], count: 8)
        let r2 = try SeFa.factorize(weights: [Tensor(shape: a.shape, values: a.scalars.map { $0 * 40 }), b], count: 8)
        assertClose(r1.eigenvalues, r2.eigenvalues, tolerance: 1e-4)
        XCTAssertEqual(Double(r1.eigenvalues.reduce(0, +)), 19, accuracy: 1e-3)
        XCTAssertEqual(r1.eigenvalues, r1.eigenvalues.sorted(by: >))
        // Orthonormal rows.
        let gram = try Tensor.matmul(r1.directions, r1.directions, transposeB: true)
        var identity = [Float](repeating: 0, count: 64)
        for i in 0..<8 { identity[i * 9] = 1 }
        assertClose(gram.scalars, identity, tolerance: 1e-5)
    }

    func testBadCountsAndShapes() {
        let w = Tensor(zeros: [4, 6])
        XCTAssertThrowsError(try SeFa.factorize(weights: [w], count: 7)) { error in
            XCTAssertEqual(error as? AuthoringError, .invalidCount(what: "--count", value: 7, valid: "1…6"))
        }
        XCTAssertThrowsError(try SeFa.factorize(weights: [], count: 1))
        XCTAssertThrowsError(try SeFa.factorize(weights: [w, Tensor(zeros: [4, 5])], count: 1)) { error in
            XCTAssertTrue("\(error)".contains("[4, 5]"), "\(error)")
        }
    }
}
