import Foundation
import JSONCodec
import XCTest

/// Texts json-c accepts in strict mode but RFC 8259 does not (issue 20): raw control characters in strings,
/// numbers such as `1.`, and (for files that need unique keys) repeated keys. Each is a syntax error at its
/// line:column.
final class JSONStrictnessTests: XCTestCase {
    private func reason(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (Int, Int, String)? {
        do {
            let v = try JSONValue.parse(text, source: "s.json")
            XCTFail("parsed \(v) from \(text.debugDescription)", file: file, line: line)
        } catch let JSONError.syntax(source, l, c, reason) {
            XCTAssertEqual(source, "s.json", file: file, line: line)
            return (l, c, reason)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    func testRawControlCharactersInStringsAreRefused() {
        let tab = reason("{\"a\": \"x\ty\"}")
        XCTAssertEqual(tab?.1, 9)
        XCTAssertTrue(tab?.2.contains("raw control character U+0009") ?? false, tab?.2 ?? "")
        let newline = reason("{\"name\": \"a\nb\"}")
        XCTAssertEqual(newline?.0, 1)
        XCTAssertTrue(newline?.2.contains("U+000A") ?? false, newline?.2 ?? "")
        XCTAssertNotNil(reason("[\"\u{01}\"]"))
        XCTAssertNotNil(reason("{\"k\u{1F}\": 1}"))
        XCTAssertEqual(try JSONValue.parse("[\"a\\tb\\n\\u0001\"]", source: "s.json"), .array([.string("a\tb\n\u{01}")]))
    }

    func testNumbersOutsideTheJSONGrammarAreRefused() throws {
        for text in ["[-]", "[.5]", "[1e]", "[1e+]", "[+1]", "[-01]", "[00]"] { XCTAssertNotNil(reason(text), text) }
        // json-c takes these; the grammar check refuses them.
        for text in ["[1.]", "[1.e3]", "{\"a\": 2.}", "[-3.]"] {
            let r = reason(text)
            XCTAssertTrue(r?.2.contains("is not a JSON number") ?? false, "\(text): \(r?.2 ?? "")")
        }
        let at = reason("{\n  \"default_strength\": 1.\n}")
        XCTAssertEqual(at?.0, 2)
        XCTAssertEqual(at?.1, 23)
        for text in ["0", "-0", "1.5", "-2.25e-3", "1E5", "10", "0.0", "3e+2"] {
            XCTAssertNoThrow(try JSONValue.parse(text, source: "s.json"), text)
        }
    }

    func testUniqueKeyValueRefusesTheFirstRepeatedKey() throws {
        let doc = try JSONValue.parseDocument("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3}", source: "s.json")
        XCTAssertThrowsError(try doc.uniqueKeyValue()) { error in
            XCTAssertEqual("\(error)", "s.json:2:16: duplicate key \"b.c\" (each key may appear once)")
        }
        XCTAssertEqual(try JSONValue.parseDocument("{\"a\": 1}", source: "s.json").uniqueKeyValue(), .object(["a": .int(1)]))
    }

    func testNestingDeeperThanTheLimitIsACleanError() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let r = reason(deep)
        XCTAssertNotNil(r)
        XCTAssertEqual(r?.2, "nesting too deep")
    }

    func testFIFOIsRefusedWithoutBlocking() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString).json")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        defer { try? FileManager.default.removeItem(at: fifo) }
        XCTAssertThrowsError(try JSONValue.parse(contentsOf: fifo)) { error in
            XCTAssertEqual(error as? JSONError, .unreadable(source: fifo.path, reason: "is a FIFO (named pipe), not a regular file"))
        }
    }
}
