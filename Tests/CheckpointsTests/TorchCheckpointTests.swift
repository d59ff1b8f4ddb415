import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// torch.save fixtures (zip and legacy) against the keys, dtypes, shapes and values recorded by
/// scripts/fixtures/checkpoints.py.
final class TorchCheckpointTests: XCTestCase {
    private struct Expected {
        let tensors: [(key: String, dtype: String, shape: [Int])]
        let metadata: [String: Any]
    }

    private func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: checkpointFixture("checkpoints.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [String: Any])
        let entry = try XCTUnwrap(files[name] as? [String: Any], "no expectations for \(name)")
        let list = try XCTUnwrap(entry["tensors"] as? [[Any]])
        return Expected(tensors: list.map { ($0[0] as! String, $0[1] as! String, $0[2] as! [Int]) },
                        metadata: entry["metadata"] as? [String: Any] ?? [:])
    }

    private let golden = Result { try GoldenFile(fixture: "checkpoints/checkpoints.golden") }

    /// Keys in order, dtypes, shapes, float values (exact) and metadata.
    private func assertMatchesFixture(_ name: String, expectationsFrom source: String? = nil,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        let sd = try StateDict.load(checkpointFixture(name))
        let want = try expected(source ?? name)
        XCTAssertEqual(sd.keys, want.tensors.map(\.key), name, file: file, line: line)
        XCTAssertEqual(sd.tensors.map(\.tensor.dtype.rawValue), want.tensors.map(\.dtype), name, file: file, line: line)
        XCTAssertEqual(sd.tensors.map(\.tensor.shape), want.tensors.map(\.shape), name, file: file, line: line)
        let goldenFile = try golden.get()
        for (key, dtype, _) in want.tensors where ["float32", "float16", "bfloat16", "float64"].contains(dtype) {
            let actual = try sd.tensor(key)
            let reference = try goldenFile.tensor("\(source ?? name):\(key)")
            assertClose(actual, reference, tolerance: 0, "\(name):\(key)", file: file, line: line)
        }
        for (path, value) in want.metadata {
            let v = try XCTUnwrap(sd.value(at: path), "\(name): no \(path)", file: file, line: line)
            if let text = value as? String {
                XCTAssertEqual(v.asString, text, path, file: file, line: line)
            } else if let number = value as? NSNumber {
                if let b = v.asBool { XCTAssertEqual(b, number.boolValue, path, file: file, line: line) }
                else if let t = v.asTensor { XCTAssertEqual(try t.integerValues(key: path), [number.intValue], path, file: file, line: line) }
                else { XCTAssertEqual(v.asDouble ?? .nan, number.doubleValue, accuracy: 1e-12, path, file: file, line: line) }
            } else {
                XCTFail("unexpected metadata \(path)", file: file, line: line)
            }
        }
    }

    func testReStyleLikeZipCheckpoint() throws {
        try assertMatchesFixture("restyle_like.pt")
        let sd = try StateDict.load(checkpointFixture("restyle_like.pt"))
        XCTAssertEqual(sd["latent_avg"]?.shape, [4, 8])
        XCTAssertEqual(sd["state_dict.encoder.input_layer.0.weight"]?.shape, [4, 6, 3, 3])
        XCTAssertEqual(sd.value(at: "opts.betas")?.asList?.compactMap(\.asDouble), [0.9, 0.999])
        guard case .none? = sd.value(at: "opts.checkpoint_path") else { return XCTFail("checkpoint_path should be None") }
        // Zip storages are used in place: float32 tensors borrow the mapping.
        XCTAssertTrue(try sd.tensor("latent_avg").isBorrowed)
        XCTAssertTrue(try sd.tensor("state_dict.decoder.style.1.weight", shape: [8, 8]).isBorrowed)
    }

    func testReStyleLikeLegacyCheckpointMatchesTheZip() throws {
        try assertMatchesFixture("restyle_like_legacy.pt", expectationsFrom: "restyle_like.pt")
        let legacy = try StateDict.load(checkpointFixture("restyle_like_legacy.pt"))
        let zip = try StateDict.load(checkpointFixture("restyle_like.pt"))
        XCTAssertEqual(legacy.keys, zip.keys)
        XCTAssertEqual(legacy.value(at: "opts.dataset_type")?.asString, "ffhq_encode")
        // Aligned legacy storages are sliced from the mapping, unaligned ones copied: values agree either way.
        for key in zip.keys where zip[key]!.dtype == .float32 {
            XCTAssertEqual(try legacy.tensor(key).scalars, try zip.tensor(key).scalars, key)
        }
    }

    func testRosinalityLikeCheckpoint() throws {
        try assertMatchesFixture("rosinality_like.pt")
        let g = try StateDict.load(checkpointFixture("rosinality_like.pt")).scoped("g_ema.")
        XCTAssertEqual(g.keys, ["style.1.weight", "style.1.bias", "conv1.conv.weight", "noises.noise_0"])
        XCTAssertEqual(try g.tensor("conv1.conv.weight").shape, [1, 4, 8, 3, 3])
    }

    func testNamespaceOpts() throws {
        try assertMatchesFixture("namespace_opts.pt")
        let sd = try StateDict.load(checkpointFixture("namespace_opts.pt"))
        guard case .namespace(let attributes)? = sd.value(at: "opts") else { return XCTFail("opts is not a Namespace") }
        XCTAssertEqual(attributes.map(\.name), ["encoder_type", "n_styles", "learn_in_w", "lr", "name"])
        XCTAssertEqual(sd.value(at: "opts.name")?.asString, "ns")
    }

    func testDTypesViewsAndStridesZipAndLegacy() throws {
        try assertMatchesFixture("dtypes.pt")
        try assertMatchesFixture("dtypes_legacy.pt", expectationsFrom: "dtypes.pt")
        for name in ["dtypes.pt", "dtypes_legacy.pt"] {
            let sd = try StateDict.load(checkpointFixture(name))
            let row = try XCTUnwrap(sd["row"]), cols = try XCTUnwrap(sd["cols"]), base = try XCTUnwrap(sd["base"])
            // Views share one storage; offsets 4 and 1 elements from the base.
            XCTAssert(row.storage === base.storage && cols.storage === base.storage, name)
            XCTAssertEqual(row.byteOffset - base.byteOffset, 16, name)
            XCTAssertEqual(cols.byteOffset - base.byteOffset, 4, name)
            XCTAssertEqual(cols.strides, [4, 1], name)
            XCTAssertFalse(cols.isContiguous, name)
            XCTAssertEqual(try sd.tensor("cols").scalars, [1, 2, 5, 6, 9, 10].map { Float($0) / 8 }, name)
            XCTAssertEqual(sd["transposed"]?.strides, [1, 5], name)
            XCTAssertFalse(try sd.tensor("transposed").isBorrowed, name)  // gathered into row-major order
            // Integers: a 0-dim int64 and a vector; floatTensor refuses them.
            XCTAssertEqual(sd["num_batches_tracked"]?.shape, [], name)
            XCTAssertEqual(try sd["num_batches_tracked"]?.integerValues(key: "num_batches_tracked"), [7], name)
            XCTAssertEqual(try sd["i64"]?.integerValues(key: "i64"), [-2, -1, 0, 1], name)
            assertCheckpointError(try sd.tensor("i64"), contains: ["i64", "int64", name]) {
                if case .dtypeMismatch(_, "i64", _, "int64") = $0 { return true }; return false
            }
            XCTAssertEqual(try sd.tensor("empty").shape, [0, 3], name)
            XCTAssertEqual(try sd.tensor("nested.1.1.deep").scalars, [-1, -1], name)
        }
    }

    func testLegacyStoragesViewTheMappingAndMisalignedOnesAreCopiedOnUse() throws {
        for name in ["restyle_like_legacy.pt", "dtypes_legacy.pt"] {
            let url = checkpointFixture(name)
            let fileSize = try Data(contentsOf: url).count
            let sd = try StateDict.load(url)
            XCTAssertGreaterThan(sd.tensors.count, 10)
            for (key, t) in sd.tensors where key != "np_array" {  // a NumPy array pickled inline: owned
                XCTAssertEqual(t.storage.count, fileSize, "\(name):\(key) should view the mapped file")
                guard t.dtype == .float32, t.isContiguous, t.count > 0 else { continue }
                // Zero-copy exactly when aligned; misaligned data is copied by floatTensor.
                XCTAssertEqual(try sd.tensor(key).isBorrowed, (Int(bitPattern: t.storage.base) + t.byteOffset) % 4 == 0,
                               "\(name):\(key)")
            }
        }
    }
}
