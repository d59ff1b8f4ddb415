import Checkpoints
import Foundation
import TestSupport
import XCTest

/// Hostile pickles (scripts/fixtures/checkpoints.py, `hostile/`): each must fail with the right
/// `CheckpointError` and never execute anything (their payloads would create a marker file).
final class PickleHostileTests: XCTestCase {
    private let marker = URL(fileURLWithPath: "/tmp/restyle-edit-pickle-pwned")

    override func setUp() {
        try? FileManager.default.removeItem(at: marker)
    }

    override func tearDown() {
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "a pickle payload was executed")
    }

    private func hostile(_ name: String) -> URL { checkpointFixture("hostile/\(name)") }

    private func assertForbiddenGlobal(_ name: String, _ global: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = hostile(name)
        assertCheckpointError(try StateDict.load(url), contains: [url.path, global, "nothing was executed"],
                              file: file, line: line) {
            if case .forbiddenGlobal(let f, let g) = $0 { return f == url.path && g == global }
            return false
        }
    }

    func testMarkerPathMatchesTheFixtureScript() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: checkpointFixture("checkpoints.json"))) as? [String: Any]
        XCTAssertEqual(json?["marker"] as? String, marker.path)
    }

    func testOSSystemReduceIsRefused() {
        assertForbiddenGlobal("os_system.pkl", "posix.system")  // pickle writes os.system as posix.system on Linux
        assertForbiddenGlobal("os_system_global.pkl", "os.system")
        assertForbiddenGlobal("nested_forbidden.pkl", "posix.system")
    }

    func testEvalAndPopenAreRefused() {
        assertForbiddenGlobal("eval.pkl", "builtins.eval")
        assertForbiddenGlobal("popen.pkl", "subprocess.Popen")
    }

    func testTorchZipWithHostilePickleIsRefused() {
        assertForbiddenGlobal("torch_os_system.pt", "posix.system")
    }

    func testInstOpcodeIsRefused() {
        let url = hostile("inst_opcode.pkl")
        let bytes = Array((try? Data(contentsOf: url)) ?? Data())
        assertCheckpointError(try unpickle(bytes, file: url.path), contains: ["0x69"]) {
            if case .forbiddenOpcode(_, 0x69, 1) = $0 { return true }; return false
        }
    }

    func testDeepNestingFailsWithoutOverflowingTheStack() {
        let n = 100_000
        let marks: [UInt8] = [0x80, 2] + Array(repeating: 0x28, count: n) + Array(repeating: 0x6C, count: n) + [0x2E]
        let appends: [UInt8] = [0x80, 2] + Array(repeating: 0x5D, count: n) + Array(repeating: 0x61, count: n - 1) + [0x2E]
        let tuples: [UInt8] = [0x80, 2, 0x29] + Array(repeating: 0x85, count: n) + [0x2E]  // ((((),),),)…
        for bytes in [marks, appends, tuples] {
            assertCheckpointError(try unpickle(bytes, file: "deep.pkl"), contains: ["deep.pkl", "deeper than 1000"], isMalformed)
        }
    }

    func testHugeDeclaredSizesAreRejectedBeforeAllocating() {
        for name in ["huge_binunicode.pkl", "huge_binbytes8.pkl", "huge_long4.pkl"] {
            let url = hostile(name)
            assertCheckpointError(try StateDict.load(url), contains: [url.path, "declares"], isMalformed)
        }
    }

    func testMemoAliasingBombIsBounded() {
        let url = hostile("memo_bomb.pkl")
        assertCheckpointError(try StateDict.load(url), contains: [url.path, "more than"], isMalformed)
    }

    func testRepeatedConversionOfASharedObjectIsBounded() throws {
        // L = [0, 0, …] (1000 ints), then 20 × torch.Size(L): 20 000 conversions.
        var bytes: [UInt8] = [0x80, 2, 0x5D, 0x71, 0, 0x28] + Array(repeating: [0x4B, 0], count: 1000).flatMap { $0 } + [0x65]
        bytes += [0x5D, 0x28]
        for _ in 0..<20 { bytes += Array("ctorch\nSize\n".utf8) + [0x68, 0, 0x85, 0x52] }
        bytes += [0x65, 0x2E]
        let sizes = try bytes.withUnsafeBytes { try Unpickler(bytes: $0, file: "sizes.pkl").load() }
        XCTAssertEqual(sizes.asList?.count, 20)
        XCTAssertEqual(sizes.asList?.last?.asList?.count, 1000)
        var limits = PickleLimits.standard
        limits.maxValues = 10_000
        assertCheckpointError(try bytes.withUnsafeBytes {
            try Unpickler(bytes: $0, file: "sizes.pkl", startingAt: 0, limits: limits).load()
        }, contains: ["sizes.pkl", "10000"], isMalformed)
    }

    func testSelfReferenceIsRefused() {
        let url = hostile("self_reference.pkl")
        assertCheckpointError(try StateDict.load(url), contains: ["contains itself"], isMalformed)
    }

    func testOutOfRangeStorageOffsetIsRefused() {
        // 'row' of dtypes.pt rewritten to start at element 200 of a 12-element storage.
        let url = hostile("bad_storage_offset.pt")
        assertCheckpointError(try StateDict.load(url), contains: [url.path, "storage '", "offset 200", "12 elements"], isMalformed)
    }

    func testTruncatedCheckpointsFailCleanly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restyle-truncated-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["restyle_like.pt", "restyle_like_legacy.pt"] {
            let data = try Data(contentsOf: checkpointFixture(name))
            var lengths = [1, 4, 10, 15, 40, 100, 500, data.count / 3, data.count / 2, data.count - 100, data.count - 22, data.count - 1]
            lengths = lengths.filter { $0 > 0 && $0 < data.count }
            for length in lengths {
                let url = directory.appendingPathComponent("\(length)-\(name)")
                try data.prefix(length).write(to: url)
                assertCheckpointError(try StateDict.load(url), contains: [url.path]) {
                    switch $0 {
                    case .malformed, .unsupported: return true
                    default: return false
                    }
                }
            }
        }
    }

    /// A million single APPENDs / SETITEMs (no MARK, so the stack limit never sees them) are refused by the
    /// container limit in well under a second; the same at the limit's size still loads.
    func testHugeContainersBuiltOneItemAtATimeAreRefusedQuickly() throws {
        func pickle(_ opener: UInt8, _ item: [UInt8], count: Int) -> [UInt8] {
            var b: [UInt8] = [0x80, 0x02, opener]
            b.reserveCapacity(3 + count * item.count + 1)
            for _ in 0..<count { b += item }
            return b + [0x2E]
        }
        let append: [UInt8] = [0x4E, 0x61]                              // NONE, APPEND
        let setItem: [UInt8] = [0x4B, 0x01, 0x4E, 0x73]                 // BININT1 1, NONE, SETITEM
        for (name, bytes) in [("list", pickle(0x5D, append, count: 1_000_000)), ("dict", pickle(0x7D, setItem, count: 1_000_000))] {
            let started = Date()
            XCTAssertThrowsError(try bytes.withUnsafeBytes { try Unpickler(bytes: $0, file: "huge.pkl").load() }, name) { error in
                XCTAssertTrue("\(error)".contains("grows past 524288 items"), "\(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 5, "\(name): refused too slowly (debug build)")
        }
        let fits = pickle(0x5D, append, count: 1000)
        guard case .list(let items) = try fits.withUnsafeBytes({ try Unpickler(bytes: $0, file: "ok.pkl").load() }) else {
            return XCTFail("not a list")
        }
        XCTAssertEqual(items.count, 1000)
    }
}
