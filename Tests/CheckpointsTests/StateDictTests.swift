import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// The StateDict API: paths, scoping, typed errors, sniffing, and Float32 conversion of layouts.
final class StateDictTests: XCTestCase {
    func testScopedStripsThePrefixAndErrorsNameTheFullKey() throws {
        let url = checkpointFixture("restyle_like.pt")
        let sd = try StateDict.load(url)
        let decoder = sd.scoped("state_dict.decoder.")
        XCTAssertEqual(decoder.keys, ["style.1.weight", "style.1.bias", "input.input"])
        XCTAssertEqual(decoder["style.1.bias"]?.shape, [8])
        XCTAssertEqual(try decoder.tensor("style.1.weight").scalars, try sd.tensor("state_dict.decoder.style.1.weight").scalars)
        assertCheckpointError(try decoder.tensor("style.9.weight"), contains: [url.path, "state_dict.decoder.style.9.weight"]) {
            if case .missingKey(url.path, "state_dict.decoder.style.9.weight") = $0 { return true }; return false
        }
        assertCheckpointError(try decoder.tensor("style.1.weight", shape: [8, 4]), contains: ["[8, 4]", "[8, 8]"]) {
            if case .shapeMismatch(url.path, "state_dict.decoder.style.1.weight", [8, 4], [8, 8]) = $0 { return true }
            return false
        }
        // Scoping twice composes.
        XCTAssertEqual(sd.scoped("state_dict.").scoped("encoder.").keys.first, "input_layer.0.weight")
        XCTAssertEqual(sd.scoped("nothing.").keys, [])
    }

    func testValueAtPathsWithDottedKeysListsAndNamespaces() throws {
        let sd = try StateDict.load(checkpointFixture("dtypes.pt"))
        XCTAssertEqual(sd.value(at: "nested.0")?.asTensor?.shape, [2])
        XCTAssertEqual(sd.value(at: "nested.1.1.deep")?.asTensor?.shape, [2])
        XCTAssertNil(sd.value(at: "nested.7"))
        XCTAssertNil(sd.value(at: "nested.x"))
        XCTAssertNotNil(sd.value(at: ""))
        let restyle = try StateDict.load(checkpointFixture("restyle_like.pt"))
        // "state_dict" holds flat keys containing dots.
        XCTAssertEqual(restyle.value(at: "state_dict.encoder.input_layer.1.running_var")?.asTensor?.shape, [4])
        XCTAssertEqual(restyle.value(at: "opts.output_size")?.asInt, 64)
        XCTAssertNil(restyle.value(at: "opts.output"))
        XCTAssertNil(restyle.value(at: "opts.output_size.x"))
    }

    func testHandBuiltTreeListsTensorsInOrder() {
        let region = [Float](repeating: 1, count: 4).withUnsafeBytes { ByteRegion(copying: $0) }
        let t = StoredTensor(dtype: .float32, shape: [4], strides: [1], storage: region, byteOffset: 0, file: "mem")
        let root: CheckpointValue = .dict([
            (key: .string("b"), value: .list([.tensor(t), .int(3), .tensor(t)])),
            (key: .int(5), value: .namespace([(name: "w", value: .tensor(t))])),
            (key: .string("a"), value: .tensor(t)),
        ])
        let sd = StateDict(file: "mem", root: root)
        XCTAssertEqual(sd.keys, ["b.0", "b.2", "5.w", "a"])
        XCTAssertEqual(StateDict(file: "mem", root: .tensor(t)).keys, [""])
    }

    func testSniffingRejectsEmptyUnknownAndMissingFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restyle-sniff-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.pt")
        try Data().write(to: empty)
        assertCheckpointError(try StateDict.load(empty), contains: [empty.path, "empty"], isMalformed)
        let text = directory.appendingPathComponent("notes.pt")
        try Data("hello, not a checkpoint".utf8).write(to: text)
        assertCheckpointError(try StateDict.load(text), contains: [text.path, "unknown"]) {
            if case .unsupported = $0 { return true }; return false
        }
        let missing = directory.appendingPathComponent("missing.pt")
        assertCheckpointError(try StateDict.load(missing), contains: [missing.path]) {
            if case .io = $0 { return true }; return false
        }
        assertCheckpointError(try StateDict.load(directory), contains: [directory.path]) {
            if case .io = $0 { return true }; return false
        }
    }

    func testFloatConversionOfLayoutsMatchesAReference() throws {
        // A [2, 3, 4] tensor stored in Fortran order (strides [1, 2, 6]) as float64, float16, bfloat16, float32.
        let shape = [2, 3, 4], strides = [1, 2, 6]
        var gen = SeededGenerator(seed: 7)
        let logical = (0..<24).map { _ in Float(Int(gen.normal() * 64)) / 16 }  // exact in every type
        func stored(_ dtype: DType, offset: Int = 0) -> StoredTensor {
            var bytes = [UInt8](repeating: 0, count: offset + 24 * dtype.byteSize)
            for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
                let v = logical[(i * 3 + j) * 4 + k]
                let at = offset + (i * strides[0] + j * strides[1] + k * strides[2]) * dtype.byteSize
                let raw: [UInt8]
                switch dtype {
                case .float64: raw = withUnsafeBytes(of: Double(v)) { Array($0) }
                case .float16: raw = withUnsafeBytes(of: HalfFloat.float16Bits(v)) { Array($0) }
                case .bfloat16: raw = withUnsafeBytes(of: HalfFloat.bfloat16Bits(v)) { Array($0) }
                default: raw = withUnsafeBytes(of: v) { Array($0) }
                }
                bytes.replaceSubrange(at..<at + raw.count, with: raw)
            } } }
            let region = bytes.withUnsafeBytes { ByteRegion(copying: $0) }
            return StoredTensor(dtype: dtype, shape: shape, strides: strides, storage: region, byteOffset: offset, file: "mem")
        }
        for dtype in [DType.float64, .float16, .bfloat16, .float32] {
            let t = try stored(dtype).floatTensor(key: dtype.rawValue)
            XCTAssertEqual(t.shape, shape)
            XCTAssertEqual(t.scalars, logical, dtype.rawValue)
            XCTAssertFalse(t.isBorrowed)
        }
        // Unaligned contiguous float32: copied, same values.
        let bytes = [UInt8](repeating: 0, count: 1) + logical.withUnsafeBytes { Array($0) }
        let region = bytes.withUnsafeBytes { ByteRegion(copying: $0) }
        let unaligned = StoredTensor(dtype: .float32, shape: shape, strides: [12, 4, 1], storage: region, byteOffset: 1, file: "mem")
        let u = try unaligned.floatTensor(key: "u")
        XCTAssertEqual(u.scalars, logical)
        XCTAssertFalse(u.isBorrowed)
        // Aligned contiguous float32: borrowed, no copy.
        let aligned = StoredTensor(dtype: .float32, shape: [24], strides: [1], storage: stored(.float32).storage,
                                   byteOffset: 0, file: "mem")
        XCTAssertTrue(try aligned.floatTensor(key: "a").isBorrowed)
    }

    func testTensorsReachingPastTheirStorageAreRefused() {
        let region = [Float](repeating: 1, count: 6).withUnsafeBytes { ByteRegion(copying: $0) }
        let cases: [StoredTensor] = [
            StoredTensor(dtype: .float32, shape: [7], strides: [1], storage: region, byteOffset: 0, file: "mem"),
            StoredTensor(dtype: .float32, shape: [2, 3], strides: [3, 1], storage: region, byteOffset: 4, file: "mem"),
            StoredTensor(dtype: .float32, shape: [2, 2], strides: [Int.max / 2, 1], storage: region, byteOffset: 0, file: "mem"),
            StoredTensor(dtype: .float64, shape: [4], strides: [1], storage: region, byteOffset: 0, file: "mem"),
            StoredTensor(dtype: .float32, shape: [2], strides: [-1], storage: region, byteOffset: 0, file: "mem"),
        ]
        for t in cases {
            assertCheckpointError(try t.floatTensor(key: "bad"), contains: ["mem", "'bad'"], isMalformed)
        }
    }
}
