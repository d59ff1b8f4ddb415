import Foundation
import TensorCore

/// A loaded checkpoint: the typed tree of everything in the file (`root`) plus a flat list of
/// every tensor under its dotted path from the root, in file order.
///
/// Paths join dict keys, namespace attributes and list indices with dots:
/// `state_dict.encoder.input_layer.0.weight`, `latent_avg`, `opts.encoder_type`. A file that holds
/// one bare tensor lists it under the empty key `""`.
///
///     let sd = try StateDict.load(url)
///     let decoder = sd.scoped("state_dict.decoder.")
///     let w = try decoder.tensor("style.1.weight", shape: [512, 512])   // Float32, zero-copy when possible
public struct StateDict: @unchecked Sendable {
    /// The file the checkpoint came from (for error messages).
    public let file: String
    /// The whole tree as stored.
    public let root: CheckpointValue
    /// Every tensor in the tree, dotted paths from the root, in file order.
    public let tensors: [(key: String, tensor: StoredTensor)]
    /// Prefix stripped by `scoped` (so errors can name the full key).
    public let scope: String
    private let index: [String: Int]

    /// Collects every tensor of `root`.
    public init(file: String, root: CheckpointValue) {
        self.init(file: file, root: root, tensors: StateDict.collectTensors(root), scope: "")
    }

    init(file: String, root: CheckpointValue, tensors: [(key: String, tensor: StoredTensor)], scope: String) {
        self.file = file
        self.root = root
        self.tensors = tensors
        self.scope = scope
        var index: [String: Int] = [:]
        index.reserveCapacity(tensors.count)
        for (i, entry) in tensors.enumerated() where index[entry.key] == nil { index[entry.key] = i }
        self.index = index
    }

    /// Tensor keys in file order.
    public var keys: [String] { tensors.map(\.key) }

    /// The stored tensor under `key`, or nil.
    public subscript(key: String) -> StoredTensor? {
        index[key].map { tensors[$0].tensor }
    }

    /// Only the tensors whose keys start with `prefix`, with the prefix removed
    /// (e.g. `scoped("state_dict.decoder.")`, `scoped("g_ema.")`).
    /// `root` becomes the subtree at the prefix when one exists, else a dict of the kept tensors.
    public func scoped(_ prefix: String) -> StateDict {
        let kept = tensors.compactMap { entry -> (key: String, tensor: StoredTensor)? in
            guard entry.key.hasPrefix(prefix) else { return nil }
            return (key: String(entry.key.dropFirst(prefix.count)), tensor: entry.tensor)
        }
        let subtreePath = prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix
        let subtree = value(at: subtreePath)
        let newRoot: CheckpointValue
        switch subtree {
        case .dict?, .namespace?, .list?, .tuple?: newRoot = subtree!
        default: newRoot = .dict(kept.map { (key: .string($0.key), value: .tensor($0.tensor)) })
        }
        return StateDict(file: file, root: newRoot, tensors: kept, scope: scope + prefix)
    }

    /// The tensor under `key` as Float32 (float16/bfloat16/float64 converted; zero-copy when the
    /// stored data already is contiguous, aligned float32). When `shape` is given it must match.
    /// Throws `missingKey`, `shapeMismatch` or `dtypeMismatch` naming the file and the full key.
    public func tensor(_ key: String, shape: [Int]? = nil) throws -> Tensor {
        guard let stored = self[key] else { throw CheckpointError.missingKey(file: file, key: scope + key) }
        if let shape, stored.shape != shape {
            throw CheckpointError.shapeMismatch(file: file, key: scope + key, expected: shape, actual: stored.shape)
        }
        return try stored.floatTensor(key: scope + key)
    }

    /// The value at a dotted path (metadata such as `opts.encoder_type`), or nil. Dict keys may
    /// themselves contain dots (`state_dict.decoder.conv1.weight`). The empty path is the root.
    public func value(at path: String) -> CheckpointValue? {
        StateDict.find(path[...], in: root)
    }
}
