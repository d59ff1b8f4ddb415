import Foundation
import JSONCodec
import XCTest

final class JSONMemoryTests: XCTestCase {
    /// Resident set size in bytes (Linux /proc); nil elsewhere.
    private func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A ~50 KB document parsed and serialised 200 times must not grow the process by more
    /// than 6 MB (leaking the json-c tree or even just the 50 KB output text would add more).
    func testRepeatedParseAndSerialiseDoesNotLeak() throws {
        var rows: [JSONValue] = []
        for i in 0..<250 {
            rows.append(["index": .int(Int64(i)), "name": .string("row \(i) ✓"), "values": .array((0..<10).map { .double(Double($0) * 0.1 + Double(i)) })])
        }
        let text = JSONValue.object(["rows": .array(rows)]).serialized()
        XCTAssertGreaterThan(text.utf8.count, 45_000)
        var checksum = 0
        for _ in 0..<10 { checksum += try JSONValue.parse(text, source: "big.json").serialized(pretty: false).count }
        guard let before = residentBytes() else { throw XCTSkip("no /proc/self/statm") }
        for _ in 0..<200 {
            let v = try JSONValue.parse(text, source: "big.json")
            checksum += v.serialized(pretty: false).count
        }
        let after = residentBytes()!
        XCTAssertGreaterThan(checksum, 0)
        XCTAssertLessThan(after - before, 6 << 20, "resident memory grew by \(after - before) bytes")
    }
}
