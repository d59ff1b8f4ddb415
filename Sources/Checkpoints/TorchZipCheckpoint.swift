/// `torch.save` zip checkpoints (torch ≥ 1.6): `<name>/data.pkl` is the pickle, each storage is
/// `<name>/data/<key>`. Stored (uncompressed) storages are used in place: tensors point into
/// the memory-mapped archive, nothing is copied.
public enum TorchZipCheckpoint {
    /// The `data.pkl` entry of a torch archive (`<name>/data.pkl` one level deep), or nil.
    public static func pickleEntry(of archive: ZipArchive) -> ZipArchive.Entry? {
        archive.entries.first { entry in
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts[1] == "data.pkl" && !parts[0].isEmpty
        }
    }

    /// Reads the checkpoint tree of a torch zip archive.
    public static func read(_ archive: ZipArchive) throws -> CheckpointValue {
        let file = archive.file
        guard let pickle = pickleEntry(of: archive) else {
            throw CheckpointError.malformed(file: file, reason: "zip archive has no '<name>/data.pkl': not a torch checkpoint")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: prefix + "byteorder") {
            let bytes = try archive.contents(order)
            let text = bytes.region.bytes(at: bytes.offset, length: bytes.count).map { String(decoding: $0, as: UTF8.self) }
            if text == "big" {
                throw CheckpointError.unsupported(file: file, reason: "big-endian torch checkpoint")
            }
        }
        var storages: [String: StoredTensor] = [:]
        let load: Unpickler.PersistentLoad = { id in
            let pid = try TorchPersistentID(id, file: file)
            let cacheKey = "\(pid.key)/\(pid.dtype.rawValue)"
            if let cached = storages[cacheKey] { return .tensor(cached) }
            guard let entry = archive.entry(named: prefix + "data/" + pid.key) else {
                throw CheckpointError.malformed(file: file, reason: "storage '\(pid.key)' is missing from the archive")
            }
            let bytes = try archive.contents(entry)
            let needed = try pid.byteCount(file: file)
            guard bytes.count >= needed else {
                throw CheckpointError.malformed(
                    file: file, reason: "storage '\(pid.key)' holds \(bytes.count) bytes, needs \(needed) for \(pid.numel) \(pid.dtype.rawValue) elements")
            }
            let storage = pid.storageTensor(region: bytes.region, byteOffset: bytes.offset, file: file)
            storages[cacheKey] = storage
            return .tensor(storage)
        }
        let data = try archive.contents(pickle)
        guard let raw = data.region.bytes(at: data.offset, length: data.count) else {
            throw CheckpointError.malformed(file: file, reason: "'\(pickle.name)' lies outside the file")
        }
        return try withExtendedLifetime(data.region) {
            try Unpickler(bytes: raw, file: file, persistentLoad: load).load()
        }
    }
}
