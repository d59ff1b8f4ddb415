import Foundation
import JSONCodec
import XCTest

final class JSONRoundTripTests: XCTestCase {
    private func roundTrip(_ value: JSONValue, pretty: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = value.serialized(pretty: pretty)
        let back = try JSONValue.parse(text, source: "roundtrip.json")
        XCTAssertEqual(back, value, "text was: \(text)", file: file, line: line)
    }

    func testNestedUnicodeAndEscapesRoundTrip() throws {
        let value: JSONValue = [
            "name": "smile ☺ — 笑顔 😀",
            "escapes": "quote \" backslash \\ slash / newline \n tab \t cr \r nul \u{0} bell \u{7}",
            "nested": ["a": [1, 2, ["deep": [true, false, nil]]], "empty_array": [], "empty_object": [:]],
            "ints": [0, -1, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808, 9_007_199_254_740_993],
            "z_last": "kept in insertion order",
            "a_first_alphabetically": 1,
        ]
        try roundTrip(value, pretty: true)
        try roundTrip(value, pretty: false)
    }

    func testDoublesRoundTripExactly() throws {
        let doubles: [Double] = [0.1, 1e-300, 0.30000000000000004, 1.0, -0.0, 1e16, 123456789.123456789,
                                 .pi, 2.2250738585072014e-308, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.0 / 3.0]
        let text = JSONValue.array(doubles.map { .double($0) }).serialized(pretty: false)
        guard case .array(let back)? = try? JSONValue.parse(text, source: "doubles.json") else {
            return XCTFail("did not parse back: \(text)")
        }
        XCTAssertEqual(back.count, doubles.count)
        for (d, v) in zip(doubles, back) {
            guard case .double(let r) = v else { XCTFail("\(d) came back as \(v)"); continue }
            XCTAssertEqual(r.bitPattern, d.bitPattern, "\(d) came back as \(r) in \(text)")
        }
        // The shortest forms are used, not json-c's %.17g.
        XCTAssertTrue(text.contains("0.1,"), text)
        XCTAssertTrue(text.contains("1e-300"), text)
        XCTAssertFalse(text.contains("0.10000000000000001"), text)
    }

    func testIntegralDoubleStaysDouble() throws {
        let text = JSONValue.array([.double(2), .int(2)]).serialized(pretty: false)
        XCTAssertEqual(text, "[ 2.0, 2 ]")
        XCTAssertEqual(try JSONValue.parse(text, source: "t"), .array([.double(2), .int(2)]))
    }

    func testNonFiniteDoublesSerialiseAsNull() throws {
        let text = JSONValue.array([.double(.nan), .double(.infinity), .double(-.infinity), .double(1.5)]).serialized(pretty: false)
        XCTAssertEqual(text, "[ null, null, null, 1.5 ]")
    }

    func testOrderedKeysPreservedAndSortable() throws {
        let text = #"{"zeta": 1, "alpha": {"y": 2, "b": 3}, "mid": [ {"q": 1, "a": 2} ]}"#
        let value = try JSONValue.parse(text, source: "order.json")
        XCTAssertEqual(value.objectValue?.keys, ["zeta", "alpha", "mid"])
        XCTAssertEqual(value["alpha"]?.objectValue?.keys, ["y", "b"])
        XCTAssertEqual(value.serialized(pretty: false), #"{ "zeta": 1, "alpha": { "y": 2, "b": 3 }, "mid": [ { "q": 1, "a": 2 } ] }"#)
        XCTAssertEqual(value.serialized(pretty: false, sortKeys: true),
                       #"{ "alpha": { "b": 3, "y": 2 }, "mid": [ { "a": 2, "q": 1 } ], "zeta": 1 }"#)
    }

    func testPrettyOutputFormat() {
        let value: JSONValue = ["name": "a/b", "range": [-5, 5]]
        XCTAssertEqual(value.serialized(), "{\n  \"name\": \"a/b\",\n  \"range\": [\n    -5,\n    5\n  ]\n}")
    }

    func testUnicodeEscapesInInputDecode() throws {
        let value = try JSONValue.parse(#"["\u00e9\u4e2d", "\ud83d\ude00", "a\u0000b"]"#, source: "u.json")
        XCTAssertEqual(value, ["é中", "😀", "a\u{0}b"])
        XCTAssertEqual(value[2]?.stringValue?.utf8.count, 3)
    }

    func testWriteIsAtomicAndReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsoncodec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("sub/report.json")
        let value: JSONValue = ["accuracy": 0.97, "samples": 20000, "layers": "0-17"]
        try value.write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertEqual(try JSONValue.parse(contentsOf: url), value)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["report.json"])
    }
}
