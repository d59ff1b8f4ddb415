import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

final class BoundaryTrainingTests: XCTestCase {
    /// scores = X·n + noise (N = 5000, D = 64): the trained unit normal recovers n with cosine ≥ 0.99.
    func testPlantedNormalIsRecovered() throws {
        let data = AuthoringFixtures.planted(n: 5000, d: 64)
        let result = try BoundaryTraining.train(codes: data.codes, scores: data.scores,
                                                options: .init(ratio: 0.3))
        let normal = result.direction.scalars
        XCTAssertEqual(result.direction.shape, [1, 64])
        XCTAssertEqual(AuthoringFixtures.cosine(normal, normal), 1, accuracy: 1e-6)
        let cos = AuthoringFixtures.cosine(normal, data.normal)
        XCTAssertGreaterThanOrEqual(cos, 0.99, "cosine with the planted normal")
        XCTAssertEqual(result.selection.perClass, 1500)
        XCTAssertEqual(result.selection.trainPositive.count, 1050)
        XCTAssertEqual(result.selection.validationNegative.count, 450)
        XCTAssertGreaterThan(result.validationAccuracies[0], 0.97)
    }

    /// The default ratio 0.02 of 5000 keeps 100 per class; still a clearly aligned normal.
    func testDefaultRatioSelectsTwoPercentEachEnd() throws {
        let data = AuthoringFixtures.planted(n: 5000, d: 64)
        let selection = try BoundaryTraining.select(scores: data.scores, options: .init())
        XCTAssertEqual(selection.perClass, 100)
        let minPositive = (selection.trainPositive + selection.validationPositive).map { data.scores[$0] }.min()!
        let maxNegative = (selection.trainNegative + selection.validationNegative).map { data.scores[$0] }.max()!
        let sorted = data.scores.sorted(by: >)
        XCTAssertEqual(minPositive, sorted[99])
        XCTAssertEqual(maxNegative, sorted[4900])
        XCTAssertEqual(selection.trainPositive.count, 70)
        // Same seed, same split; another seed, another split.
        XCTAssertEqual(try BoundaryTraining.select(scores: data.scores, options: .init()), selection)
        XCTAssertNotEqual(try BoundaryTraining.select(scores: data.scores, options: .init(seed: 9)).trainPositive, selection.trainPositive)
    }

    /// Conditioning on one or two directions leaves the result orthogonal to each (|cos| < 1e-6).
    func testConditionsAreProjectedOut() throws {
        let data = AuthoringFixtures.planted(n: 2000, d: 32)
        var rng = SeededGenerator(seed: 3)
        // Conditions correlated with the planted normal, so the projection matters.
        let c1 = zip(data.normal, (0..<32).map { _ in rng.normal() }).map { $0 + 0.2 * $1 }
        let c2 = (0..<32).map { _ in rng.normal() }
        for conditions in [[c1], [c1, c2]] {
            let result = try BoundaryTraining.train(
                codes: data.codes, scores: data.scores, options: .init(ratio: 0.2),
                conditions: conditions.enumerated().map { ("c\($0.offset)", Tensor(shape: [1, 32], values: $0.element)) })
            let v = result.direction.scalars
            XCTAssertEqual(AuthoringFixtures.cosine(v, v), 1, accuracy: 1e-6)
            for c in conditions { XCTAssertLessThan(abs(AuthoringFixtures.cosine(v, c)), 1e-6) }
        }
        // Gram–Schmidt: a condition in the span of the others changes nothing.
        let v = (0..<32).map { _ in rng.normal() }
        let a = ConditionalProjection.projectOut(v, conditions: [c1, c2])
        let b = ConditionalProjection.projectOut(v, conditions: [c1, c2, zip(c1, c2).map { $0 + 2 * $1 }])
        assertClose(b, a, tolerance: 1e-5)
    }

    /// W+ codes: one boundary per row, or one on the row mean.
    func testWPlusPerRowAndRowMean() throws {
        let n = 1200, rows = 3, d = 16
        var rng = SeededGenerator(seed: 11)
        let codes = rng.normalTensor([n, rows, d])
        let x = codes.scalars
        // The score depends on row 1 only, along e_0.
        let scores = (0..<n).map { x[$0 * rows * d + d] }
        let perRow = try BoundaryTraining.train(codes: codes, scores: scores, options: .init(ratio: 0.25, rowMode: .perRow))
        XCTAssertEqual(perRow.direction.shape, [3, 16])
        XCTAssertEqual(perRow.validationAccuracies.count, 3)
        XCTAssertGreaterThan(abs(perRow.direction.scalars[d]), 0.95)       // row 1 ≈ ±e_0
        XCTAssertGreaterThan(perRow.validationAccuracies[1], 0.95)
        XCTAssertLessThan(perRow.validationAccuracies[0], 0.75)            // row 0 carries no signal
        let mean = try BoundaryTraining.train(codes: codes, scores: scores, options: .init(ratio: 0.25))
        XCTAssertEqual(mean.direction.shape, [1, 16])
        XCTAssertGreaterThan(mean.direction.scalars[0], 0.9)
    }
}
