import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

// Helpers shared by the NumPy / safetensors tests (file named NumPy* to stay in the arrays helper's files).

/// `Tests/Fixtures/arrays/<name>` (written by scripts/fixtures/arrays.py).
func arraysFixtureURL(_ name: String) -> URL {
    TestPaths.fixtures.appendingPathComponent("arrays").appendingPathComponent(name)
}

/// Asserts that `body` throws a `CheckpointError` whose message contains every string in `fragments`
/// (always including the file name when `file` is given).
func assertArraysError<T>(_ body: @autoclosure () throws -> T, fileName: String?, contains fragments: [String] = [],
                          file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error for \(fileName ?? "input")", file: file, line: line)
    } catch let error as CheckpointError {
        let message = error.description
        for fragment in (fileName.map { [$0] } ?? []) + fragments {
            XCTAssert(message.contains(fragment), "message '\(message)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected CheckpointError, got \(type(of: error)): \(error)", file: file, line: line)
    }
}

/// Expected values for `name` from arrays.golden (scripts/fixtures/arrays.py), row-major float32.
func arraysExpected(_ name: String) throws -> Tensor {
    try GoldenFile(fixture: "arrays/arrays.golden").tensor(name)
}

/// Every element of `t` in row-major order as Double, read through its dtype, shape and strides
/// independently of `StoredTensor.floatTensor` (a reference twin for the tests).
func referenceValues(_ t: StoredTensor) -> [Double] {
    let n = t.count
    var out: [Double] = []
    out.reserveCapacity(n)
    var index = [Int](repeating: 0, count: t.shape.count)
    for _ in 0..<n {
        var element = 0
        for (i, k) in index.enumerated() { element += k * t.strides[i] }
        let p = UnsafeRawPointer(t.storage.base + t.byteOffset + element * t.dtype.byteSize)
        let v: Double
        switch t.dtype {
        case .float32: v = Double(p.loadUnaligned(as: Float.self))
        case .float64: v = p.loadUnaligned(as: Double.self)
        case .float16: v = Double(HalfFloat.float(fromFloat16: p.loadUnaligned(as: UInt16.self)))
        case .bfloat16: v = Double(HalfFloat.float(fromBFloat16: p.loadUnaligned(as: UInt16.self)))
        case .int64: v = Double(p.loadUnaligned(as: Int64.self))
        case .int32: v = Double(p.loadUnaligned(as: Int32.self))
        case .int16: v = Double(p.loadUnaligned(as: Int16.self))
        case .int8: v = Double(p.load(as: Int8.self))
        case .uint8: v = Double(p.load(as: UInt8.self))
        case .bool: v = p.load(as: UInt8.self) != 0 ? 1 : 0
        }
        out.append(v)
        var axis = index.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < t.shape[axis] { break }
            index[axis] = 0
            axis -= 1
        }
    }
    return out
}

extension CheckpointValue {
    /// The stored tensor, failing the test otherwise.
    func expectTensor(file: StaticString = #filePath, line: UInt = #line) throws -> StoredTensor {
        guard case .tensor(let t) = self else {
            XCTFail("expected a tensor, got \(self)", file: file, line: line)
            throw XCTSkip("not a tensor")
        }
        return t
    }

    /// Entries of a dict value as (string key, value), failing the test otherwise.
    func expectDict(file: StaticString = #filePath, line: UInt = #line) throws -> [(String, CheckpointValue)] {
        guard case .dict(let entries) = self else {
            XCTFail("expected a dict, got \(self)", file: file, line: line)
            throw XCTSkip("not a dict")
        }
        return entries.map { entry in
            if case .string(let k) = entry.key { return (k, entry.value) }
            return ("\(entry.key)", entry.value)
        }
    }
}
