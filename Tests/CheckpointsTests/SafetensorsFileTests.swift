import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

final class SafetensorsFileTests: XCTestCase {
    func testAllDTypesAndMetadata() throws {
        let entries = try SafetensorsFile.read(arraysFixtureURL("tensors.safetensors")).expectDict()
        let byName = Dictionary(uniqueKeysWithValues: entries)
        let expected: [(String, DType, [Int])] = [
            ("f32", .float32, [2, 3]), ("f16", .float16, [4]), ("bf16", .bfloat16, [2, 2]), ("f64", .float64, [3]),
            ("i64", .int64, [2, 2]), ("i32", .int32, [3]), ("i16", .int16, [2]), ("i8", .int8, [3]),
            ("u8", .uint8, [3]), ("bool", .bool, [3]), ("scalar", .float32, []),
        ]
        XCTAssertEqual(entries.count, expected.count + 1)
        for (name, dtype, shape) in expected {
            let t = try XCTUnwrap(byName[name], name).expectTensor()
            XCTAssertEqual(t.dtype, dtype, name)
            XCTAssertEqual(t.shape, shape, name)
            // (golden.py stores 0-d arrays as [1]: np.ascontiguousarray has ndim >= 1)
            let golden = try arraysExpected("st/\(name)").reshaped(shape)
            if dtype.isFloatingPoint {
                assertClose(try t.floatTensor(key: name), golden, tolerance: 0, name)
            }
            if dtype != .int64 {
                assertClose(referenceValues(t).map { Float($0) }, golden.scalars, tolerance: 0, name)
            }
        }
        XCTAssertEqual(referenceValues(try byName["i64"]!.expectTensor()), [-5, 7, 0x1p40, -0x1p33])
        XCTAssertEqual(referenceValues(try byName["bool"]!.expectTensor()), [1, 0, 1])
        let f32 = try byName["f32"]!.expectTensor()
        XCTAssert(try f32.floatTensor(key: "f32").isBorrowed, "aligned F32 tensors view the mapped file")
        let metadata = try XCTUnwrap(byName["__metadata__"]).expectDict()
        XCTAssertEqual(metadata.map(\.0), ["format", "note"])
        guard case .string("arrays fixture") = metadata[1].1 else { return XCTFail("metadata note: \(metadata[1].1)") }
    }

    func expectError(_ name: String, contains fragments: [String], line: UInt = #line) {
        assertArraysError(try SafetensorsFile.read(arraysFixtureURL(name)), fileName: name, contains: fragments, line: line)
    }

    func testBadFiles() {
        expectError("bad_st_overlap.safetensors", contains: ["'b'", "overlaps"])
        expectError("bad_st_out_of_range.safetensors", contains: ["'b'", "past"])
        expectError("bad_st_shape_size.safetensors", contains: ["'a'", "needs 12 bytes", "span 8"])
        expectError("bad_st_gap.safetensors", contains: ["gap"])
        expectError("bad_st_dtype.safetensors", contains: ["C64", "'a'"])
        expectError("bad_st_huge_header.safetensors", contains: ["header length 1099511627776"])
        expectError("bad_st_not_json.safetensors", contains: ["JSON"])
        expectError("bad_st_truncated.safetensors", contains: ["past"])
        expectError("f4_c.npy", contains: ["header"])
    }
}

extension SafetensorsFileTests {
    /// Truncations and byte flips of a valid file either load or throw `CheckpointError`, never crash.
    func testMutatedFilesFailCleanly() throws {
        let good = try Data(contentsOf: arraysFixtureURL("tensors.safetensors"))
        var failed = 0
        func attempt(_ data: Data) {
            do { _ = try SafetensorsFile.read(region: .copy(of: data), file: "mutant.safetensors") } catch let e as CheckpointError {
                XCTAssert(e.description.contains("mutant.safetensors"), e.description)
                failed += 1
            } catch { XCTFail("unexpected \(error)") }
        }
        for cut in stride(from: 0, to: good.count, by: 5) { attempt(good.prefix(cut)) }
        for i in 0..<min(good.count, 700) {
            var d = good
            d[i] = d[i] &+ 1
            attempt(d)
        }
        XCTAssertGreaterThan(failed, 300)
    }
}
