import Checkpoints
import Foundation
import Inversion
import TensorCore
import TestSupport
import XCTest

/// The fixtures of `scripts/fixtures/inversion.py` (see its docstring for models, runs and tensor names).
enum InversionFixtures {
    /// The IR-SE fixtures (e4e.pt, psp.pt) have stages (16,16,1), (16,24,1), (24,24,2), (24,32,1): stage 3 starts at
    /// body.2 without changing width, which no key shows, so the stride-2 units are given explicitly.
    static let irseStageStarts = [0, 1, 2, 4]

    /// `Tests/Fixtures/inversion/<name>`.
    static func url(_ name: String) -> URL {
        TestPaths.fixtures.appendingPathComponent("inversion").appendingPathComponent(name)
    }

    static func stateDict(_ model: String) throws -> StateDict {
        try StateDict.load(url("\(model).pt"))
    }

    /// The stage-start override a fixture model needs (nil for the ResNet ones, whose keys show every stride).
    static func stageStarts(_ model: String) -> [Int]? {
        model == "e4e" || model == "psp" ? irseStageStarts : nil
    }

    static func model(_ name: String) throws -> ReStyleModel {
        try ReStyleModel(contentsOf: url("\(name).pt"), stageStarts: stageStarts(name))
    }

    static func golden(_ name: String) throws -> GoldenFile {
        try GoldenFile(fixture: "inversion/\(name).golden")
    }

    /// A state dict rebuilt in memory from `source`'s tree after `edit` of its `state_dict` entries (keys relative to
    /// `state_dict.`) and top-level entries (`latent_avg`, `opts`).
    static func edited(_ source: StateDict, file: String = "edited.pt",
                       stateDict editStateDict: (inout [(key: String, value: CheckpointValue)]) -> Void = { _ in },
                       topLevel editTop: (inout [(key: String, value: CheckpointValue)]) -> Void = { _ in }) -> StateDict {
        var top = source.root.asDict ?? []
        if let i = top.firstIndex(where: { $0.key == "state_dict" }) {
            var entries = top[i].value.asDict ?? []
            editStateDict(&entries)
            top[i] = (key: "state_dict", value: .dict(entries.map { (key: .string($0.key), value: $0.value) }))
        }
        editTop(&top)
        return StateDict(file: file, root: .dict(top.map { (key: .string($0.key), value: $0.value) }))
    }

    /// A float32 stored tensor of `shape` filled with `value`.
    static func storedTensor(shape: [Int], value: Float = 0.5) -> StoredTensor {
        let values = [Float](repeating: value, count: shape.reduce(1, *))
        let region = values.withUnsafeBytes { ByteRegion(copying: $0) }
        let strides = shape.indices.map { shape[($0 + 1)...].reduce(1, *) }
        return StoredTensor(dtype: .float32, shape: shape, strides: strides, storage: region, byteOffset: 0, file: "memory")
    }

    /// A shape-only stored tensor (one float of storage, zero strides): enough for configuration inference.
    static func shapeOnly(_ shape: [Int]) -> StoredTensor {
        let region = [Float(0)].withUnsafeBytes { ByteRegion(copying: $0) }
        return StoredTensor(dtype: .float32, shape: shape, strides: shape.map { _ in 0 }, storage: region, byteOffset: 0, file: "memory")
    }

    /// Asserts W+ codes agree within `1e-4 · (1 + |expected|)` elementwise; returns the max of |a − e| / (1 + |e|).
    @discardableResult
    static func assertCodesClose(_ actual: Tensor, _ expected: Tensor, _ message: String,
                                 file: StaticString = #filePath, line: UInt = #line) -> Float {
        XCTAssertEqual(actual.shape, expected.shape, message, file: file, line: line)
        let a = actual.scalars, e = expected.scalars
        var worst: Float = 0, worstIndex = 0
        for i in 0..<min(a.count, e.count) {
            let r = abs(a[i] - e[i]) / (1 + abs(e[i]))
            if !(r <= worst) { worst = r; worstIndex = i }
        }
        XCTAssert(worst <= 1e-4, "\(message): max |Δ|/(1+|w|) = \(worst) at [\(worstIndex)] (\(a[worstIndex]) vs \(e[worstIndex]))",
                  file: file, line: line)
        return worst
    }
}
