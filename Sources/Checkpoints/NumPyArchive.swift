import Foundation

/// Reader of NumPy `.npz` archives (`np.savez`, `np.savez_compressed`): a zip of `.npy` members.
public enum NumPyArchive {
    /// An ordered dict, member name without `.npy` → the member's value (see `NumPyArrayFile`).
    /// Stored members view the memory-mapped archive (no copy when aligned); compressed members are inflated.
    /// Errors name the archive and the member (`archive.npz:member.npy`).
    public static func read(_ url: URL) throws -> CheckpointValue {
        try read(ZipArchive(url: url))
    }

    /// The same, for an archive already opened (e.g. by format detection).
    public static func read(_ zip: ZipArchive) throws -> CheckpointValue {
        var entries: [(key: CheckpointValue, value: CheckpointValue)] = []
        for entry in zip.entries where !entry.name.hasSuffix("/") {
            let memberFile = "\(zip.file):\(entry.name)"
            let bytes = try zip.contents(entry)
            let value = try NumPyArrayFile.read(region: bytes.region, offset: bytes.offset, count: bytes.count, file: memberFile)
            let key = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            entries.append((key: .string(key), value: value))
        }
        return .dict(entries)
    }
}
