import Checkpoints
import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

final class GANSpacePCATests: XCTestCase {
    /// PCA of a fixed codes matrix matches NumPy's SVD of the centred matrix (components up to sign).
    func testMatchesNumPySVD() throws {
        let golden = try GoldenFile(fixture: "authoring/authoring.golden")
        let pca = try PrincipalComponents(codes: try golden.tensor("pca_codes"), count: 5)
        assertClose(pca.mean, try golden.tensor("pca_mean"), tolerance: 1e-5)
        let variance = try golden.tensor("pca_variance").scalars
        assertClose(pca.explainedVariance, variance, tolerance: 1e-3 * variance[0])
        assertClose(pca.standardDeviations, variance.map { $0.squareRoot() }, tolerance: 1e-3)
        AuthoringFixtures.assertRowsMatchUpToSign(pca.components, try golden.tensor("pca_components"), tolerance: 1e-4, "components")
        // Orthonormal.
        let gram = try Tensor.matmul(pca.components, pca.components, transposeB: true).scalars
        for i in 0..<5 { for j in 0..<5 { XCTAssertEqual(gram[i * 5 + j], i == j ? 1 : 0, accuracy: 1e-5) } }
        XCTAssertEqual(pca.explainedVarianceRatio.count, 5)
        XCTAssertLessThan(pca.explainedVarianceRatio.reduce(0, +), 1)
        XCTAssertGreaterThan(pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[4])
    }

    /// A written .npz PCA file loads through the same reader as e4e's ffhq_pca.pt and as a library entry.
    func testNPZRoundTripThroughDirectionFile() throws {
        let golden = try GoldenFile(fixture: "authoring/authoring.golden")
        let pca = try PrincipalComponents(codes: try golden.tensor("pca_codes"), count: 3)
        let dir = try DirectionFixtures.temporaryDirectory(self, "pca")
        let url = dir.appendingPathComponent("mine.npz")
        try GANSpaceFile.write(pca, to: url)
        guard case .pca(let loaded) = try DirectionFile.read(url) else { return XCTFail("not read as a PCA file") }
        XCTAssertEqual(loaded.componentCount, 3)
        assertClose(loaded.components, pca.components, tolerance: 0)
        assertClose(loaded.mean, pca.mean, tolerance: 0)
        XCTAssertEqual(loaded.standardDeviations, pca.standardDeviations)
        let state = try StateDict.load(url)
        XCTAssertEqual(state["comp"]?.shape, [3, 1, 16])
        XCTAssertEqual(try state.tensor("explained_variance").scalars, pca.explainedVariance)
        let library = DirectionLibrary(directories: [dir])
        XCTAssertTrue(library.problems.isEmpty, "\(library.problems)")
        let d = try library.direction(named: "mine#2")
        XCTAssertEqual(d.ganspace?.index, 2)
        XCTAssertEqual(d.ganspace?.standardDeviation, pca.standardDeviations[2])
    }

    func testBadCounts() {
        XCTAssertThrowsError(try PrincipalComponents(codes: Tensor(zeros: [10, 4]), count: 5)) { error in
            XCTAssertEqual(error as? AuthoringError, .invalidCount(what: "--components", value: 5, valid: "1…4 (min(D, samples − 1))"))
        }
        XCTAssertThrowsError(try PrincipalComponents(codes: Tensor(zeros: [1, 4]), count: 1))
    }
}
