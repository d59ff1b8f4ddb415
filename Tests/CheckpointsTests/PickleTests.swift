import Checkpoints
import Foundation
import TestSupport
import XCTest

// Shared helpers for the Pickle*/Torch*/StateDict*/Official* tests.

/// `Tests/Fixtures/checkpoints/<name>` (written by scripts/fixtures/checkpoints.py).
func checkpointFixture(_ name: String) -> URL {
    TestPaths.fixtures.appendingPathComponent("checkpoints").appendingPathComponent(name)
}

/// Runs the restricted unpickler over `bytes`.
func unpickle(_ bytes: [UInt8], file: String = "test.pkl") throws -> CheckpointValue {
    try bytes.withUnsafeBytes { try Unpickler(bytes: $0, file: file).load() }
}

/// Asserts that `body` throws the `CheckpointError` accepted by `match`, and that its message
/// contains `fragments`.
func assertCheckpointError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String] = [],
                              file: StaticString = #filePath, line: UInt = #line,
                              _ match: (CheckpointError) -> Bool) {
    do {
        _ = try body()
        XCTFail("expected a CheckpointError", file: file, line: line)
    } catch let error as CheckpointError {
        XCTAssert(match(error), "unexpected error case: \(error)", file: file, line: line)
        for fragment in fragments {
            XCTAssert(error.description.contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected CheckpointError, got \(error)", file: file, line: line)
    }
}

func isMalformed(_ e: CheckpointError) -> Bool { if case .malformed = e { return true }; return false }

/// Plain-data pickles (every protocol) and the opcode-level rules of the unpickler.
final class PickleTests: XCTestCase {
    func testPlainDataEveryProtocol() throws {
        for protocolVersion in 2...5 {
            let name = "plain_p\(protocolVersion).pkl"
            let data = try Data(contentsOf: checkpointFixture(name))
            let v = try unpickle(Array(data), file: name)
            let context = "protocol \(protocolVersion)"
            XCTAssertEqual(v["ints"]?.asList?.compactMap(\.asInt),
                           [0, 1, -1, 255, 256, 65535, 65536, -2_147_483_648, 2_147_483_648, Int.max, Int.min], context)
            let floats = v["floats"]?.asList?.compactMap(\.asDouble) ?? []
            XCTAssertEqual(floats, [0.5, -1e300, .infinity], context)
            XCTAssertEqual(v["text"]?.asList?.compactMap(\.asString), ["", "ascii", "\u{e9}\u{2713}", String(repeating: "x", count: 300)], context)
            guard case .bytes(let short)? = v["bytes"]?.asList?.first, case .bytes(let long)? = v["bytes"]?.asList?.last else {
                return XCTFail("bytes missing (\(context))")
            }
            XCTAssertEqual(short, [0, 255], context)
            XCTAssertEqual(long, Array(0...255).map(UInt8.init) + Array(0...255).map(UInt8.init), context)
            guard case .none? = v["none"] else { return XCTFail("none (\(context))") }
            guard case .tuple(let flags)? = v["flags"] else { return XCTFail("flags (\(context))") }
            XCTAssertEqual(flags.compactMap(\.asBool), [true, false], context)
            // The memo-shared list appears (filled) at both places.
            XCTAssertEqual(v["shared"]?.asList?.map { $0.asList?.compactMap(\.asInt) ?? [] }, [[1, 2], [1, 2]], context)
            XCTAssertEqual(v["od"]?.asDict?.map(\.key), ["a", "b"], context)
            XCTAssertEqual(v["od"]?["b"]?.asInt, 2, context)
            XCTAssertEqual(v["set"]?.asList?.compactMap(\.asInt), [3], context)
            XCTAssertEqual(v["frozen"]?.asList?.compactMap(\.asInt), [4], context)
            guard case .namespace(let ns)? = v["ns"] else { return XCTFail("namespace (\(context))") }
            XCTAssertEqual(ns.map(\.name), ["a", "b"], context)
            XCTAssertEqual(v["ns"]?["b"]?.asString, "two", context)
            XCTAssertEqual(v["tuples"]?.asList?.map { $0.asList?.count ?? -1 }, [0, 1, 2, 3, 4], context)
            XCTAssertEqual(v["7"]?.asString, "int key", context)
        }
    }

    func testLongIntegersDecodeSignExtended() throws {
        // LONG1 with 0 bytes, 0xff, 0x80 0x00, nine bytes of sign extension.
        XCTAssertEqual(try unpickle([0x80, 2, 0x8A, 0, 0x2E]).asInt, 0)
        XCTAssertEqual(try unpickle([0x80, 2, 0x8A, 1, 0xFF, 0x2E]).asInt, -1)
        XCTAssertEqual(try unpickle([0x80, 2, 0x8A, 2, 0x80, 0x00, 0x2E]).asInt, 128)
        XCTAssertEqual(try unpickle([0x80, 2, 0x8A, 9, 0xFE] + Array(repeating: 0xFF, count: 8) + [0x2E]).asInt, -2)
        // 80 bits (the legacy torch magic number) does not fit an Int.
        assertCheckpointError(try unpickle([0x80, 2, 0x8A, 10, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]),
                              contains: ["64 bits"]) { if case .unsupported = $0 { return true }; return false }
    }

    func testEveryTruncationFailsCleanly() throws {
        let name = "plain_p4.pkl"
        let bytes = Array(try Data(contentsOf: checkpointFixture(name)))
        XCTAssertNoThrow(try unpickle(bytes, file: name))
        var failures = 0
        for length in 0..<bytes.count {
            assertCheckpointError(try unpickle(Array(bytes[..<length]), file: name), contains: [name]) {
                failures += 1
                return isMalformed($0)
            }
        }
        XCTAssertEqual(failures, bytes.count)
    }

    func testUnknownAndForbiddenOpcodes() {
        // INST (protocol 0 object creation), EXT1, PERSID (text), NEXT_BUFFER.
        for op: UInt8 in [0x69, 0x82, 0x50, 0x97] {
            assertCheckpointError(try unpickle([0x80, 2, op, 0x2E])) {
                if case .forbiddenOpcode(_, let opcode, let offset) = $0 { return opcode == op && offset == 2 }
                return false
            }
        }
        // BINPERSID without a persistent loader (plain pickles may not reference storages).
        assertCheckpointError(try unpickle([0x80, 2, 0x4E, 0x51, 0x2E])) {
            if case .forbiddenOpcode(_, 0x51, _) = $0 { return true }; return false
        }
        // Protocol 6 does not exist.
        assertCheckpointError(try unpickle([0x80, 6, 0x4E, 0x2E])) { if case .unsupported = $0 { return true }; return false }
    }

    func testStackAndMemoMisuseIsMalformed() {
        let cases: [[UInt8]] = [
            [0x80, 2, 0x2E],                    // STOP on an empty stack
            [0x80, 2, 0x61, 0x2E],              // APPEND on an empty stack
            [0x80, 2, 0x4E, 0x4E, 0x61, 0x2E],  // APPEND to None
            [0x80, 2, 0x68, 0x05, 0x2E],        // BINGET of an unset memo key
            [0x80, 2, 0x6C, 0x2E],              // LIST without MARK
            [0x80, 2, 0x28, 0x4E, 0x75, 0x2E],  // SETITEMS without a dict
            [0x80, 2, 0x4E, 0x29, 0x52, 0x2E],  // REDUCE of None
            [0x80, 2, 0x28, 0x30, 0x30, 0x2E],  // POP below the mark
        ]
        for bytes in cases {
            assertCheckpointError(try unpickle(bytes), contains: ["test.pkl"], isMalformed)
        }
    }

    func testNestingUpToTheLimitLoadsAndBeyondFails() throws {
        let limit = PickleLimits.standard.maxNestingDepth
        func nested(_ depth: Int) -> [UInt8] {
            [0x80, 2] + Array(repeating: 0x28, count: depth) + Array(repeating: 0x6C, count: depth) + [0x2E]
        }
        var value = try unpickle(nested(limit))
        var depth = 0
        while let items = value.asList, let first = items.first { value = first; depth += 1 }
        XCTAssertEqual(depth, limit - 1)  // the innermost list is empty
        assertCheckpointError(try unpickle(nested(limit + 1)), contains: ["deeper than \(limit)"], isMalformed)
    }

    func testNumPyValuesInsideATorchPickle() throws {
        let sd = try StateDict.load(checkpointFixture("dtypes.pt"))
        XCTAssertEqual(sd.value(at: "np_scalar")?.asDouble, 0.125)
        let array = try sd.tensor("np_array", shape: [2, 3])
        XCTAssertEqual(array.scalars, [0, 0.25, 0.5, 0.75, 1, 1.25])
        XCTAssertEqual(sd.value(at: "size")?.asList?.compactMap(\.asInt), [2, 3])
        XCTAssertEqual(sd.value(at: "dtype")?.asString, "torch.float16")
        XCTAssertEqual(sd.value(at: "device")?.asString, "cuda:0")
    }

    func testAllowListIsSmallAndExplicit() {
        let names = Unpickler.allowedGlobalNames
        XCTAssert(names.contains("torch._utils._rebuild_tensor_v2"))
        XCTAssert(names.contains("collections.OrderedDict"))
        XCTAssert(names.contains("argparse.Namespace"))
        for forbidden in ["os.system", "posix.system", "builtins.eval", "builtins.exec", "builtins.getattr",
                          "subprocess.Popen", "builtins.__import__", "torch.load", "numpy.load"] {
            XCTAssertFalse(names.contains(forbidden), forbidden)
        }
        XCTAssert(names.allSatisfy { $0.hasPrefix("torch.") || $0.hasPrefix("numpy.") || $0.hasPrefix("collections.")
                  || $0.hasPrefix("builtins.set") || $0.hasPrefix("builtins.frozenset") || $0.hasPrefix("argparse.")
                  || $0 == "_codecs.encode" }, "\(names)")
    }
}
