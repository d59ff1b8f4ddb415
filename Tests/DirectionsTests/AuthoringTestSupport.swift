import Checkpoints
import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Planted-structure data and helpers for the authoring tests.
enum AuthoringFixtures {
    /// codes X [n, d] ~ N(0, 1); scores = X·normal + noise·ε with a seeded unit `normal` [d].
    static func planted(n: Int, d: Int, noise: Float = 0.1, seed: UInt64 = 7) -> (codes: Tensor, scores: [Float], normal: [Float]) {
        var rng = SeededGenerator(seed: seed)
        let normal = ConditionalProjection.normalized((0..<d).map { _ in rng.normal() })
        let codes = rng.normalTensor([n, d])
        let x = codes.scalars
        let scores = (0..<n).map { i -> Float in
            var s: Float = 0
            for j in 0..<d { s += x[i * d + j] * normal[j] }
            return s + noise * rng.normal()
        }
        return (codes, scores, normal)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<a.count { ab += Double(a[i]) * Double(b[i]); aa += Double(a[i]) * Double(a[i]); bb += Double(b[i]) * Double(b[i]) }
        return ab / (aa * bb).squareRoot()
    }

    /// Asserts rows of `actual` [K, D] equal rows of `expected` up to a per-row sign.
    static func assertRowsMatchUpToSign(_ actual: Tensor, _ expected: Tensor, tolerance: Float, _ what: String,
                                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.shape, expected.shape, what, file: file, line: line)
        guard actual.shape == expected.shape else { return }
        let d = actual.shape[1]
        for k in 0..<actual.shape[0] {
            let a = Array(actual.scalars[(k * d)..<((k + 1) * d)]), e = Array(expected.scalars[(k * d)..<((k + 1) * d)])
            let dot = zip(a, e).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let signed = dot < 0 ? a.map { -$0 } : a
            assertClose(signed, e, tolerance: tolerance, "\(what) row \(k)", file: file, line: line)
        }
    }

    /// The modulation weights `[C, D]` (stored × 1/√D) of the StyledConvs (and ToRGBs, if `includeToRGB`) of
    /// g32_restyle.pt fed by `rows`, in synthesis order.
    static func g32ModulationWeights(rows: Set<Int>, includeToRGB: Bool = false) throws -> [Tensor] {
        let state = try StateDict.load(TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt"))
        var order: [(module: String, row: Int)] = [("conv1", 0), ("to_rgb1", 1)]
        for k in 0..<3 {
            order += [("convs.\(2 * k)", 2 * k + 1), ("convs.\(2 * k + 1)", 2 * k + 2), ("to_rgbs.\(k)", 2 * k + 3)]
        }
        return try order.filter { rows.contains($0.row) && (includeToRGB || !$0.module.hasPrefix("to_rgb")) }.map { entry in
            let w = try state.tensor("state_dict.decoder.\(entry.module).conv.modulation.weight")
            let d = w.shape[1]
            return Tensor(shape: w.shape, values: w.scalars.map { $0 / Float(d).squareRoot() })
        }
    }
}
