import Checkpoints
import FileSupport
import Foundation
import TensorCore

/// The index of an `invert` output folder, kept in step with the folder across runs: `latents.npy` (the official
/// ReStyle layout: a pickled dict image name → per-step `[n, D]` codes), `latents_wplus.npy` (`[N, n, D]` final
/// codes) and `latents.json` (their names in that order). A new run's images are added to what earlier runs wrote
/// (an image inverted again replaces its entry in place), so the index never disagrees with the folder.
public struct LatentIndex {
    public static let officialName = "latents.npy", plainName = "latents_wplus.npy", namesName = "latents.json"

    public let directory: URL
    private(set) var names: [String] = []
    private var steps: [String: Tensor] = [:]                                      // name → [k, n, D]

    /// Reads the index an earlier run left in `directory` (none: empty).
    public init(directory: URL) throws {
        self.directory = directory
        let official = directory.appendingPathComponent(Self.officialName)
        guard FileManager.default.fileExists(atPath: official.path) else { return }
        let loaded = try StateDict.load(official)
        guard case let .dict(items) = loaded.root else {
            throw WorkflowError("\(official.path) is not a latents.npy index (a dict of image name → codes): move it away or choose another --output")
        }
        for item in items {
            guard let name = item.key.asString else { continue }
            let list = item.value.asList ?? [item.value]
            let codes = try list.map { v -> Tensor in
                guard let t = v.asTensor else { throw WorkflowError("\(official.path): entry '\(name)' holds no codes") }
                return try t.floatTensor(key: name)
            }
            guard let first = codes.first, first.rank == 2, codes.allSatisfy({ $0.shape == first.shape }) else { continue }
            set(name: name, steps: Tensor.stack(codes))
        }
    }

    /// Adds or replaces `name`'s codes, steps `[k, n, D]`.
    public mutating func set(name: String, steps codes: Tensor) {
        if steps[name] == nil { names.append(name) }
        steps[name] = codes
    }

    /// Writes the three files (atomically each).
    public func write() throws {
        let entries = names.map { (name: $0, steps: steps[$0]!) }
        try NumPyArrayFile.writeLatentsByName(entries, to: directory.appendingPathComponent(Self.officialName))
        let finals = entries.map { $0.steps.slice($0.steps.shape[0] - 1) }
        if let first = finals.first, finals.allSatisfy({ $0.shape == first.shape }) {
            try NumPyArrayFile.write(Tensor.stack(finals), to: directory.appendingPathComponent(Self.plainName))
        }
        let json = try JSONSerialization.data(withJSONObject: names, options: [.prettyPrinted])
        try AtomicFile.write(json, to: directory.appendingPathComponent(Self.namesName))
    }
}
