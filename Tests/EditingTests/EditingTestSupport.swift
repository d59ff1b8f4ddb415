import Directions
import Editing
import Foundation
import TensorCore
import TestSupport
import XCTest

enum EditingFixtures {
    static func official(_ path: String) throws -> URL { try OfficialFixtures.file(path) }
    static func pose() throws -> Direction { try DirectionFile.load(official("restyle/pose.pt")) }
    static func age() throws -> Direction { try DirectionFile.load(official("restyle/age.pt")) }
    static func smile() throws -> Direction { try DirectionFile.load(official("restyle/smile.pt")) }
    static func pca() throws -> GANSpacePCA {
        guard case .pca(let pca) = try DirectionFile.read(official("e4e/ffhq_pca.pt")) else {
            throw XCTSkip("ffhq_pca.pt is not a PCA file")
        }
        return pca
    }

    /// A seeded W+ code `[n, D]`.
    static func code(_ shape: [Int] = [18, 512], seed: UInt64 = 42) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return rng.normalTensor(shape)
    }

    /// A direction from literal values.
    static func direction(_ name: String, _ vector: Tensor, layers: LayerRange = .all, space: LatentSpace = .w) -> Direction {
        Direction(name: name, source: URL(fileURLWithPath: "/memory/\(name).npy"), vector: vector, format: .npy, space: space,
                  defaultLayers: layers)
    }

    /// Row r of `[n, D]` as an array.
    static func row(_ t: Tensor, _ r: Int) -> [Float] { t.slice(r).scalars }

    static func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }

    /// `(w − μ)·c / σ` for one row.
    static func coordinate(_ row: [Float], _ c: Direction) -> Double {
        let g = c.ganspace!
        let centered = zip(row, g.mean.scalars).map { $0 - $1 }
        return zip(centered, c.vector.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / Double(g.standardDeviation)
    }
}

/// Bit patterns, for exact comparisons.
func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }
func bits(_ a: [Float]) -> [UInt32] { a.map(\.bitPattern) }

func assertThrows<T>(_ body: @autoclosure () throws -> T, containing fragments: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch {
        let text = "\(error)"
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("error \"\(text)\" does not contain \"\(fragment)\"", file: file, line: line)
        }
    }
}
