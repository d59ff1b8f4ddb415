import Directions
import TensorCore
import TestSupport
import XCTest

final class LinearSVMTests: XCTestCase {
    /// Planted problem: x ~ N(0, I) [N, D], label = sign(n · x − offset) for a known unit normal n.
    private func planted(n: Int, d: Int, offset: Float, seed: UInt64) -> (features: Tensor, labels: [Int], normal: [Float]) {
        var rng = SeededGenerator(seed: seed)
        var normal = (0..<d).map { _ in rng.normal() }
        let norm = normal.reduce(0) { $0 + $1 * $1 }.squareRoot()
        normal = normal.map { $0 / norm }
        let features = rng.normalTensor([n, d])  // [N, D]
        let x = features.scalars
        let labels = (0..<n).map { row -> Int in
            let s = (0..<d).reduce(Float(0)) { $0 + normal[$1] * x[row * d + $1] }
            return s - offset > 0 ? 1 : -1
        }
        return (features, labels, normal)
    }

    private func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return dot / (na * nb)
    }

    func testRecoversPlantedNormalWithDualSolver() throws {
        let p = planted(n: 2000, d: 16, offset: 0.3, seed: 7)
        let svm = try LinearSVM.train(features: p.features, labels: p.labels)
        XCTAssertEqual(svm.dimensions, 16)
        let cos = cosine(svm.weights, p.normal)
        let accuracy = try svm.accuracy(p.features, labels: p.labels)
        let offset = -Double(svm.bias) / svm.weights.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        print("LinearSVM dual: cosine \(cos), training accuracy \(accuracy), recovered offset \(offset) (planted 0.3)")
        XCTAssertGreaterThanOrEqual(cos, 0.99)
        XCTAssertGreaterThanOrEqual(accuracy, 0.98)
        XCTAssertEqual(offset, 0.3, accuracy: 0.05)
        let unit = svm.unitNormal
        XCTAssertEqual(unit.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-5)
        XCTAssertGreaterThanOrEqual(cosine(unit, p.normal), 0.99)
    }

    func testPrimalSolverAgreesWithDual() throws {
        let p = planted(n: 2000, d: 16, offset: 0, seed: 11)
        let dual = try LinearSVM.train(features: p.features, labels: p.labels)
        let primal = try LinearSVM.train(features: p.features, labels: p.labels, parameters: .init(solver: .primal))
        let cosTruth = cosine(primal.weights, p.normal)
        let cosDual = cosine(primal.weights, dual.weights)
        print("LinearSVM primal: cosine to truth \(cosTruth), to dual \(cosDual)")
        XCTAssertGreaterThanOrEqual(cosTruth, 0.99)
        XCTAssertGreaterThanOrEqual(cosDual, 0.995)
        XCTAssertGreaterThanOrEqual(try primal.accuracy(p.features, labels: p.labels), 0.98)
    }

    func testWithoutBiasTheInterceptIsZero() throws {
        let p = planted(n: 500, d: 8, offset: 0, seed: 3)
        let svm = try LinearSVM.train(features: p.features, labels: p.labels, parameters: .init(cost: 10, fitsBias: false))
        XCTAssertEqual(svm.bias, 0)
        XCTAssertGreaterThanOrEqual(cosine(svm.weights, p.normal), 0.98)
    }

    func testDeterministicAndLabelOrderIndependent() throws {
        let p = planted(n: 400, d: 8, offset: 0.2, seed: 5)
        let a = try LinearSVM.train(features: p.features, labels: p.labels)
        let b = try LinearSVM.train(features: p.features, labels: p.labels)
        XCTAssertEqual(a, b)
        // Put a -1 sample first: liblinear orders classes by first appearance; the sign must not flip.
        let firstNegative = p.labels.firstIndex(of: -1)!
        var rows = Array(0..<400)
        rows.swapAt(0, firstNegative)
        let x = p.features.scalars
        let swapped = Tensor(shape: [400, 8], values: rows.flatMap { r in x[(r * 8)..<(r * 8 + 8)] })
        let c = try LinearSVM.train(features: swapped, labels: rows.map { p.labels[$0] })
        XCTAssertGreaterThanOrEqual(try c.accuracy(p.features, labels: p.labels), 0.98)
        XCTAssertGreaterThan(cosine(c.weights, a.weights), 0.99)
    }

    func testDecisionValuesAndPredict() throws {
        let svm = LinearSVM(weights: [1, -2, 0.5], bias: 0.25)
        let x = Tensor(shape: [3, 3], values: [1, 0, 0, 0, 1, 0, 2, 2, 2])  // [N=3, D=3]
        assertClose(try svm.decisionValues(x), [1.25, -1.75, -0.75], tolerance: 1e-6)
        XCTAssertEqual(try svm.predict(x), [1, -1, -1])
        XCTAssertEqual(try svm.accuracy(x, labels: [1, -1, 1]), 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertThrowsError(try svm.predict(Tensor(zeros: [2, 4]))) { error in
            XCTAssertEqual(error as? LinearSVMError, .dimensionMismatch(expected: 3, actual: 4))
        }
    }

    func testRejectsBadInput() {
        let x = Tensor(shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertThrowsError(try LinearSVM.train(features: x, labels: [1, 1, 1, 1])) { error in
            XCTAssertEqual(error as? LinearSVMError, .singleClass(label: 1, samples: 4))
            XCTAssertEqual("\(error)", "LinearSVM: all 4 labels are +1; both classes are needed")
        }
        XCTAssertThrowsError(try LinearSVM.train(features: x, labels: [1, -1, 1])) { error in
            XCTAssertEqual(error as? LinearSVMError, .labelCountMismatch(samples: 4, labels: 3))
        }
        var withNaN = x
        withNaN.withUnsafeMutableBufferPointer { $0[5] = .nan }
        XCTAssertThrowsError(try LinearSVM.train(features: withNaN, labels: [1, -1, 1, -1])) { error in
            guard case let .nonFiniteFeature(row, column, value)? = error as? LinearSVMError else { return XCTFail("\(error)") }
            XCTAssertEqual([row, column], [2, 1])
            XCTAssertTrue(value.isNaN)
        }
        XCTAssertThrowsError(try LinearSVM.train(features: x, labels: [1, 0, 1, -1])) { error in
            XCTAssertEqual(error as? LinearSVMError, .invalidLabel(index: 1, value: 0))
        }
        XCTAssertThrowsError(try LinearSVM.train(features: Tensor(zeros: [8]), labels: Array(repeating: 1, count: 8))) { error in
            XCTAssertEqual(error as? LinearSVMError, .featuresNotMatrix(shape: [8]))
        }
        XCTAssertThrowsError(try LinearSVM.train(features: Tensor(zeros: [0, 3]), labels: [])) { error in
            XCTAssertEqual(error as? LinearSVMError, .featuresNotMatrix(shape: [0, 3]))
        }
        XCTAssertThrowsError(try LinearSVM.train(features: x, labels: [1, -1, 1, -1], parameters: .init(cost: 0))) { error in
            XCTAssertEqual(error as? LinearSVMError, .invalidParameter("cost C must be positive and finite, got 0.0"))
        }
        XCTAssertThrowsError(try LinearSVM.train(features: x, labels: [1, -1, 1, -1], parameters: .init(tolerance: -1))) { error in
            XCTAssertEqual(error as? LinearSVMError, .invalidParameter("tolerance must be positive and finite, got -1.0"))
        }
    }
}
