import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Leniencies found by the black-box campaign (issues 16 and 20): each input is refused through `StateDict.load`
/// with one error naming the file, and sizes are checked before any stride or allocation.
final class ParserStrictnessTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// A version 1.0 `.npy` with header dict `header` and `data`.
    func npy(_ header: String, data: [UInt8] = [], minor: UInt8 = 0, major: UInt8 = 1) -> [UInt8] {
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [major, minor, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    func testNpyVersionsOtherThan1_2_3Point0AreRefused() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"
        XCTAssertEqual(try StateDict.load(try file("ok.npy", npy(header, data: [0, 0, 128, 63]))).tensor("").scalars, [1])
        for (major, minor) in [(1, 1), (2, 5), (4, 0), (0, 0)] as [(UInt8, UInt8)] {
            let url = try file("v.npy", npy(header, data: [0, 0, 128, 63], minor: minor, major: major))
            assertArraysError(try StateDict.load(url), fileName: "v.npy", contains: ["npy format version \(major).\(minor)", "1.0, 2.0, 3.0"])
        }
    }

    func testNpyShapeWhoseStridesOverflowIsRefused() throws {
        let url = try file("huge.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 9223372036854775807), }"))
        assertArraysError(try StateDict.load(url), fileName: "huge.npy", contains: ["[0, 9223372036854775807]", "overflows"])
        let fortran = try file("huge_f.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (4611686018427387904, 0, 4), }"))
        assertArraysError(try StateDict.load(fortran), fileName: "huge_f.npy", contains: ["overflows"])
        // An empty array of ordinary extents is fine.
        let empty = try file("empty.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 512), }"))
        XCTAssertEqual(try StateDict.load(empty).tensors.first?.tensor.shape, [0, 512])
    }

    func testNpyDeclaringMoreDataThanPresentIsRefusedBeforeAllocating() throws {
        let url = try file("short.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000), }", data: [1, 2, 3, 4]))
        assertArraysError(try StateDict.load(url), fileName: "short.npy", contains: ["needs 4000000000000 data bytes", "holds 4"])
    }

    /// A safetensors file of one `header` object and `data`.
    func safetensors(_ header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        var length = UInt64(json.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + json + data
    }

    func testSafetensorsEntryWithUnknownKeysIsRefused() throws {
        let ok = try file("ok.safetensors", safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 128, 63]))
        XCTAssertEqual(try StateDict.load(ok).tensor("a").scalars, [1])
        let url = try file("extra.safetensors", safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"offset":8}}"#, data: [0, 0, 128, 63]))
        assertArraysError(try StateDict.load(url), fileName: "extra.safetensors", contains: ["tensor 'a'", "unknown key 'offset'", "dtype, shape, data_offsets"])
    }

    func testSafetensorsShapeWhoseStridesOverflowIsRefused() throws {
        let url = try file("huge.safetensors", safetensors(#"{"a":{"dtype":"F32","shape":[0,4000000000000000,4096],"data_offsets":[0,0]}}"#, data: []))
        assertArraysError(try StateDict.load(url), fileName: "huge.safetensors", contains: ["tensor 'a'", "overflows"])
    }

    /// `PROTO 2, MARK, n × NONE, TUPLE, STOP`: converting the tuple copied it once per item (26 s for 10⁵ items).
    func testLongMarkedTupleLoadsInLinearTime() throws {
        let n = 200_000
        let url = try file("tuple.pkl", [0x80, 2, 0x28] + [UInt8](repeating: 0x4E, count: n) + [0x74, 0x2E])
        let start = Date()
        let sd = try StateDict.load(url)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(sd.root.asList?.count, n)
        XCTAssertLessThan(seconds, 10, "a \(n)-item tuple took \(seconds) s (quadratic conversion?)")
    }

    /// `PROTO 2, EMPTY_DICT, MARK, n × (BININT k, NONE), SETITEMS, STOP` (41 s for 10⁵ pairs before).
    func testLongSetItemsLoadsInLinearTime() throws {
        let n = 150_000
        var bytes: [UInt8] = [0x80, 2, 0x7D, 0x28]
        for k in 0..<n { bytes += [0x4A, UInt8(k & 0xFF), UInt8(k >> 8 & 0xFF), UInt8(k >> 16 & 0xFF), 0, 0x4E] }
        bytes += [0x75, 0x2E]
        let start = Date()
        let sd = try StateDict.load(try file("dict.pkl", bytes))
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(sd.root.asDict?.count, n)
        XCTAssertLessThan(seconds, 10, "a \(n)-pair SETITEMS took \(seconds) s (quadratic conversion?)")
    }

    func testAMillionItemPickleIsRefusedByTheStackLimit() throws {
        let n = 1_000_000
        let url = try file("million.pkl", [0x80, 2, 0x28] + [UInt8](repeating: 0x4E, count: n) + [0x74, 0x2E])
        let start = Date()
        assertArraysError(try StateDict.load(url), fileName: "million.pkl", contains: ["stack deeper than \(PickleLimits.standard.maxStackDepth)"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testFIFOAndDevicesAreRefusedWithoutBlocking() throws {
        let fifo = dir.appendingPathComponent("pipe.npy")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        assertArraysError(try StateDict.load(fifo), fileName: "pipe.npy", contains: ["is a FIFO (named pipe), not a regular file"])
        assertArraysError(try StateDict.load(URL(fileURLWithPath: "/dev/zero")), fileName: "/dev/zero",
                          contains: ["is a character device, not a regular file"])
        assertArraysError(try StateDict.load(dir), fileName: dir.lastPathComponent, contains: ["is a directory"])
    }
}
