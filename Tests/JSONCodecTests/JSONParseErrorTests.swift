import Foundation
import JSONCodec
import XCTest

final class JSONParseErrorTests: XCTestCase {
    /// Parses `text` expecting a syntax error; returns (line, column, reason).
    private func syntaxError(_ text: String, maximumDepth: Int = JSONValue.defaultMaximumDepth,
                             file: StaticString = #filePath, line: UInt = #line) -> (Int, Int, String)? {
        do {
            let v = try JSONValue.parse(text, source: "bad.json", maximumDepth: maximumDepth)
            XCTFail("parsed \(v) from \(text.debugDescription)", file: file, line: line)
        } catch let JSONError.syntax(source, l, c, reason) {
            XCTAssertEqual(source, "bad.json", file: file, line: line)
            return (l, c, reason)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    func testPositionOfUnexpectedCharacter() {
        let e = syntaxError("{\n  \"a\": [1,\n   2 x]}")
        XCTAssertEqual(e?.0, 3)
        XCTAssertEqual(e?.1, 6)
        XCTAssertEqual(e?.2, "array value separator ',' expected")
    }

    func testMessageFormat() {
        XCTAssertThrowsError(try JSONValue.parse("[1,\n2,]", source: "dir/file.json")) { error in
            XCTAssertEqual("\(error)", "dir/file.json:2:3: unexpected character")
        }
    }

    func testColumnsCountCharactersNotBytes() {
        let e = syntaxError("[\"é😀\", x]")
        XCTAssertEqual(e?.0, 1)
        XCTAssertEqual(e?.1, 8)
    }

    func testTruncatedAndEmptyInput() {
        let truncated = syntaxError("{\"a\": [1, 2")
        XCTAssertEqual(truncated?.0, 1)
        XCTAssertEqual(truncated?.1, 12)
        XCTAssertEqual(truncated?.2, "unexpected end of data")
        let empty = syntaxError("")
        XCTAssertEqual(empty?.0, 1)
        XCTAssertEqual(empty?.1, 1)
        XCTAssertEqual(syntaxError("   \n")?.0, 2)
    }

    func testTrailingGarbageIsAnError() {
        let e = syntaxError("{\"a\": 1}\n  x")
        XCTAssertEqual(e?.0, 2)
        XCTAssertEqual(e?.1, 3)
        XCTAssertNotNil(syntaxError("{\"a\": 1}{\"b\": 2}"))
        XCTAssertEqual(try JSONValue.parse("  {\"a\": 1}  \n\n", source: "ok.json"), ["a": 1])
    }

    func testNonStandardTokensRejected() {
        for text in ["NaN", "[1, Infinity]", "{\"a\": -Infinity}", "[1e400]", "{'a': 1}", "[1, 2,]", "/* c */ 1",
                     "// c\n1", "[01]", "9223372036854775808", "[tru]", "{\"a\" 1}"] {
            XCTAssertNotNil(syntaxError(text), text)
        }
        let nan = syntaxError("{\n  \"a\": [0, NaN]\n}")
        XCTAssertEqual(nan?.0, 2)
        XCTAssertEqual(nan?.1, 12)
        XCTAssertTrue(nan?.2.contains("NaN") ?? false, nan?.2 ?? "")
        let big = syntaxError("[1, 99999999999999999999]")
        XCTAssertEqual(big?.1, 5)
        XCTAssertTrue(big?.2.contains("64 bits") ?? false, big?.2 ?? "")
    }

    func testInvalidUTF8AndNULAreErrors() {
        XCTAssertThrowsError(try JSONValue.parse(data: Data([0x5B, 0x22, 0xFF, 0x22, 0x5D]), source: "u.json")) { error in
            guard case let JSONError.syntax(_, l, c, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual([l, c], [1, 3])
        }
        let nul = syntaxError("[1,\u{0}2]")
        XCTAssertEqual(nul?.1, 4)
    }

    func testByteOrderMarkSkipped() throws {
        XCTAssertEqual(try JSONValue.parse(data: Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), source: "bom.json"), [1])
    }

    func testDepthLimit() throws {
        let nested = { (n: Int) in String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n) }
        XCTAssertNoThrow(try JSONValue.parse(nested(4), source: "d.json", maximumDepth: 4))
        let e = syntaxError(nested(5), maximumDepth: 4)
        XCTAssertEqual(e?.2, "nesting too deep")
        XCTAssertEqual(e?.1, 6)  // json-c stops just past the fifth "["
        // Default limit: 64 levels pass, 65 fail; a hostile 100 000 levels fails cleanly.
        XCTAssertNoThrow(try JSONValue.parse(nested(64), source: "d.json"))
        XCTAssertNotNil(syntaxError(nested(65)))
        XCTAssertNotNil(syntaxError(String(repeating: "[", count: 100_000)))
    }

    func testDuplicateKeysLastWinsAndAreReported() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2},\n  \"a\": 3,\n  \"\\u0061\": 4, \"c\": [{\"k\": 0}, {\"k\": 1, \"k\": 2}]\n}"
        let doc = try JSONValue.parseDocument(text, source: "dup.json")
        XCTAssertEqual(doc.value, ["a": 4, "b": ["x": 2], "c": [["k": 0], ["k": 2]]])
        XCTAssertEqual(doc.value.objectValue?.keys, ["a", "b", "c"])
        XCTAssertEqual(doc.duplicateKeys.map(\.keyPath), ["b.x", "a", "a", "c[1].k"])
        XCTAssertEqual(doc.duplicateKeys.map(\.line), [3, 4, 5, 5])
        XCTAssertEqual(doc.duplicateKeys[1].description, "dup.json:4:3: duplicate key \"a\"; the last value wins")
    }

    func testMissingFileNamesPath() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/manifest.json")
        XCTAssertThrowsError(try JSONValue.parse(contentsOf: url)) { error in
            XCTAssertEqual(error as? JSONError, .unreadable(source: url.path, reason: "no such file"))
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/dir/manifest.json: cannot read"), "\(error)")
        }
    }

    func testFileErrorsNameThePath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jsoncodec-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\n\"a\": tru\n}".utf8).write(to: url)
        XCTAssertThrowsError(try JSONValue.parse(contentsOf: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path):2:"), "\(error)")
        }
    }
}
