import Foundation
import TensorCore
import XCTest

/// Comparison statistics between an actual and an expected array.
public struct Closeness: CustomStringConvertible {
    public let maxAbsError: Float
    public let nmse: Double
    public let firstMismatches: [(index: Int, actual: Float, expected: Float)]

    public var description: String {
        let firsts = firstMismatches.map { "[\($0.index)] \($0.actual) vs \($0.expected)" }.joined(separator: ", ")
        return "max abs error \(maxAbsError), NMSE \(nmse)" + (firsts.isEmpty ? "" : "; first mismatches: \(firsts)")
    }
}

/// Computes max-abs error, normalised MSE and the first elements off by more than `tolerance`.
public func closeness(_ actual: [Float], _ expected: [Float], tolerance: Float) -> Closeness {
    var maxErr: Float = 0
    var se = 0.0, ref = 0.0
    var bad: [(Int, Float, Float)] = []
    for i in 0..<min(actual.count, expected.count) {
        let e = abs(actual[i] - expected[i])
        if e > maxErr || e.isNaN { maxErr = e.isNaN ? .nan : max(maxErr, e) }
        se += Double(e) * Double(e)
        ref += Double(expected[i]) * Double(expected[i])
        if !(e <= tolerance) && bad.count < 5 { bad.append((i, actual[i], expected[i])) }
    }
    return Closeness(maxAbsError: maxErr, nmse: ref > 0 ? se / ref : se, firstMismatches: bad)
}

/// Asserts equal shapes and elementwise |a − e| ≤ tolerance; reports max-abs error, NMSE and the first mismatches.
@discardableResult
public func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) -> Closeness {
    XCTAssertEqual(actual.shape, expected.shape, "shape mismatch \(message)", file: file, line: line)
    let c = closeness(actual.scalars, expected.scalars, tolerance: tolerance)
    XCTAssert(actual.shape == expected.shape && c.maxAbsError <= tolerance,
              "\(message): \(c) (tolerance \(tolerance))", file: file, line: line)
    return c
}

/// Array variant of `assertClose`.
@discardableResult
public func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) -> Closeness {
    XCTAssertEqual(actual.count, expected.count, "length mismatch \(message)", file: file, line: line)
    let c = closeness(actual, expected, tolerance: tolerance)
    XCTAssert(actual.count == expected.count && c.maxAbsError <= tolerance,
              "\(message): \(c) (tolerance \(tolerance))", file: file, line: line)
    return c
}

/// Deterministic pseudo-random numbers for tests (SplitMix64 + Box–Muller).
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A standard normal sample.
    public mutating func normal() -> Float {
        let u1 = max(Double.random(in: 0..<1, using: &self), 1e-300)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }
    /// A tensor of standard normal samples.
    public mutating func normalTensor(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in normal() })
    }
}

/// Repository paths for tests: `Tests/Fixtures` and the official files.
public enum TestPaths {
    /// The repository root (derived from this file's location).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Golden files written by `scripts/make-fixtures`.
    public static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
}
