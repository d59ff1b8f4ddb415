/// `torch.save(..., _use_new_zipfile_serialization=False)` files (torch < 1.6): five pickles in a
/// row (magic number, protocol version, sys_info, the object with persistent ids, the list of
/// storage keys) followed by each storage as `int64 element count` + raw little-endian bytes.
/// Tensors view the memory-mapped file; nothing is copied at load time.
public enum TorchLegacyCheckpoint {
    /// The magic-number pickle torch writes first: PROTO 2, LONG1 0x1950a86a20f9469cfc6c, STOP.
    static let magicPickle: [UInt8] = [0x80, 0x02, 0x8A, 0x0A,
                                       0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]

    /// True when `bytes` start with the legacy magic number.
    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magicPickle.count && zip(bytes, magicPickle).allSatisfy { $0 == $1 }
    }

    /// Reads a legacy checkpoint held in `region` (normally the memory-mapped file).
    public static func read(region: ByteRegion, file: String) throws -> CheckpointValue {
        func bad(_ reason: String) -> CheckpointError { .malformed(file: file, reason: "legacy torch file: \(reason)") }
        guard let bytes = region.bytes(at: 0, length: region.count), hasMagic(bytes) else {
            throw bad("bad magic number")
        }
        var position = magicPickle.count
        func next(_ load: Unpickler.PersistentLoad? = nil) throws -> CheckpointValue {
            let unpickler = Unpickler(bytes: bytes, file: file, startingAt: position, persistentLoad: load)
            let value = try unpickler.load()
            position = unpickler.position
            return value
        }
        guard case .int(let version) = try next(), version == 1001 else { throw bad("unknown protocol version") }
        let sysInfo = try next()
        if sysInfo["little_endian"]?.asBool == false {
            throw CheckpointError.unsupported(file: file, reason: "big-endian torch checkpoint")
        }

        // Pass 1 over the main pickle: learn each storage's type and length (the data follows the pickle).
        let mainStart = position
        var declared: [String: TorchPersistentID] = [:]
        _ = try next { id in
            let pid = try TorchPersistentID(id, file: file)
            if let earlier = declared[pid.key], earlier.dtype != pid.dtype || earlier.numel != pid.numel {
                throw bad("storage '\(pid.key)' declared twice with different types or sizes")
            }
            declared[pid.key] = pid
            return .tensor(pid.storageTensor(region: region, byteOffset: 0, file: file))
        }
        guard let keys = try next().asList?.map({ $0.pathComponent }), !keys.contains(nil) else {
            throw bad("storage key list is not a list of strings")
        }

        // The storages: int64 count, then the elements. They are used in place even when misaligned
        // (the pickles before them have arbitrary lengths): copying here would cost a second per GB
        // at load time; `StoredTensor.floatTensor` copies misaligned float32 data when it is used.
        var storages: [String: Int] = [:]
        for case let key? in keys {
            guard let pid = declared[key] else { throw bad("storage '\(key)' is listed but never used") }
            guard let header = region.bytes(at: position, length: 8) else { throw bad("truncated before storage '\(key)'") }
            let count = Int(Int64(littleEndian: header.loadUnaligned(as: Int64.self)))
            guard count == pid.numel else {
                throw bad("storage '\(key)' holds \(count) elements, the pickle declares \(pid.numel)")
            }
            let start = position + 8
            let length = try pid.byteCount(file: file)
            guard region.bytes(at: start, length: length) != nil else {
                throw bad("storage '\(key)' (\(length) bytes at byte \(start)) runs past the end of the file")
            }
            storages[key] = start
            position = start + length
        }

        // Pass 2: the real tensors over the located storages.
        position = mainStart
        return try next { id in
            let pid = try TorchPersistentID(id, file: file)
            guard let offset = storages[pid.key] else { throw bad("storage '\(pid.key)' is not in the file") }
            return .tensor(pid.storageTensor(region: region, byteOffset: offset, file: file))
        }
    }
}
