import XCTest

/// Asserts two float arrays are bit-identical (same count, same bit patterns); on failure reports how many elements
/// differ, the first one and the largest difference, never the arrays themselves.
public func assertIdentical(_ actual: [Float]?, _ expected: [Float]?, _ message: String,
                            file: StaticString = #filePath, line: UInt = #line) {
    guard let actual, let expected else {
        XCTFail("\(message): missing result (\(actual == nil ? "actual" : "expected") is nil)", file: file, line: line)
        return
    }
    guard actual.count == expected.count else {
        XCTFail("\(message): \(actual.count) vs \(expected.count) values", file: file, line: line)
        return
    }
    var differing = 0, first = -1
    var largest: Float = 0
    for i in 0..<actual.count where actual[i].bitPattern != expected[i].bitPattern {
        differing += 1
        if first < 0 { first = i }
        largest = max(largest, abs(actual[i] - expected[i]))
    }
    if differing > 0 {
        XCTFail("\(message): \(differing) of \(actual.count) values differ; first at [\(first)] \(actual[first]) vs "
                + "\(expected[first]), largest |Δ| \(largest)", file: file, line: line)
    }
}
