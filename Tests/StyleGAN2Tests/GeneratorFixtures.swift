import Checkpoints
import Foundation
import StyleGAN2
import TensorCore
import TestSupport

/// The generator fixtures of `scripts/fixtures/generator.py` (see its docstring for names and shapes).
enum GeneratorFixtures {
    /// `Tests/Fixtures/generator/<name>`.
    static func url(_ name: String) -> URL {
        TestPaths.fixtures.appendingPathComponent("generator").appendingPathComponent(name)
    }

    static func load(_ name: String) throws -> Generator {
        try Generator(contentsOf: url(name))
    }

    static func golden(_ name: String) throws -> GoldenFile {
        try GoldenFile(fixture: "generator/\(name).golden")
    }

    /// Row `r` of sample `b` of W+ codes `[B, n, D]` as `[1, D]`.
    static func row(_ r: Int, sample b: Int = 0, of wPlus: Tensor) -> Tensor {
        wPlus.slice(b).slice(r).reshaped([1, wPlus.shape[2]])
    }

    /// A state dict rebuilt in memory from `source`'s tensors after `edit` (add, remove or replace keys).
    static func editedStateDict(_ source: StateDict, file: String = "edited.pt",
                                _ edit: (inout [(key: String, tensor: StoredTensor)]) -> Void) -> StateDict {
        var entries = source.tensors
        edit(&entries)
        return StateDict(file: file, root: tree(entries))
    }

    /// A nested dict tree whose dotted tensor paths are `entries`' keys (top-level parts split at the first dot
    /// of `state_dict.` / `g_ema.` only; the rest of each key is one dict key, as torch.save writes state dicts).
    static func tree(_ entries: [(key: String, tensor: StoredTensor)]) -> CheckpointValue {
        var top: [(key: CheckpointValue, value: CheckpointValue)] = []
        var nested: [String: [(key: CheckpointValue, value: CheckpointValue)]] = [:]
        var order: [String] = []
        for (key, tensor) in entries {
            if let container = ["state_dict", "g_ema", "g", "d"].first(where: { key.hasPrefix($0 + ".") }) {
                if nested[container] == nil { order.append(container) }
                nested[container, default: []].append((key: .string(String(key.dropFirst(container.count + 1))), value: .tensor(tensor)))
            } else {
                top.append((key: .string(key), value: .tensor(tensor)))
            }
        }
        for container in order { top.append((key: .string(container), value: .dict(nested[container]!))) }
        return .dict(top)
    }

    /// A float32 stored tensor of the given shape (values 0.5).
    static func storedTensor(shape: [Int], value: Float = 0.5) -> StoredTensor {
        let values = [Float](repeating: value, count: shape.reduce(1, *))
        let region = values.withUnsafeBytes { ByteRegion(copying: $0) }
        let strides = shape.indices.map { shape[($0 + 1)...].reduce(1, *) }
        return StoredTensor(dtype: .float32, shape: shape, strides: strides, storage: region, byteOffset: 0, file: "memory")
    }
}
