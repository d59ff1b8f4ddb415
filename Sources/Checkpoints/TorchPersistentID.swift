/// A torch storage reference from a pickle's persistent id:
/// `('storage', storage_type, key, location, numel)` (zip format) or
/// `('storage', storage_type, root_key, location, numel, view_metadata)` (legacy format, where
/// `view_metadata` is None or `(view_key, offset, view_size)`).
struct TorchPersistentID {
    let dtype: DType
    let key: String
    /// "cpu", "cuda:0", …
    let location: String
    /// Elements in the (root) storage.
    let numel: Int
    /// Legacy storage views: elements `[offset, offset + count)` of the root storage.
    let view: (key: String, offset: Int, count: Int)?

    init(_ id: CheckpointValue, file: String) throws {
        func bad(_ reason: String) -> CheckpointError {
            .malformed(file: file, reason: "persistent id \(reason)")
        }
        guard case .tuple(let parts) = id, parts.count >= 5, case .string("storage") = parts[0] else {
            throw bad("is not a ('storage', type, key, location, numel) tuple")
        }
        guard case .string(let typeName) = parts[1] else { throw bad("has no storage type") }
        guard let dtype = TorchStorageType.dtype(ofStorage: typeName) else {
            throw CheckpointError.unsupported(file: file, reason: "storage type '\(typeName)'")
        }
        guard let key = parts[2].pathComponent else { throw bad("has no key") }
        guard case .string(let location) = parts[3] else { throw bad("for '\(key)' has no location") }
        guard case .int(let numel) = parts[4], numel >= 0 else { throw bad("for '\(key)' has a bad element count") }
        self.dtype = dtype
        self.key = key
        self.location = location
        self.numel = numel
        if parts.count > 5, case .tuple(let v) = parts[5] {
            guard v.count == 3, let viewKey = v[0].pathComponent, case .int(let offset) = v[1], case .int(let count) = v[2],
                  offset >= 0, count >= 0, offset <= numel, count <= numel - offset else {
                throw bad("for '\(key)' has a bad storage view")
            }
            view = (viewKey, offset, count)
        } else {
            view = nil
        }
    }

    /// Bytes needed for `numel` elements, overflow-checked.
    func byteCount(file: String) throws -> Int {
        let (bytes, overflow) = numel.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else {
            throw CheckpointError.malformed(file: file, reason: "storage '\(key)' declares \(numel) elements (too many)")
        }
        return bytes
    }

    /// The storage as a 1-D tensor over `region` starting at `byteOffset`.
    func storageTensor(region: ByteRegion, byteOffset: Int, file: String) -> StoredTensor {
        var tensor = StoredTensor(dtype: dtype, shape: [numel], strides: [1], storage: region, byteOffset: byteOffset,
                                  device: location, file: file)
        if let view {
            tensor = StoredTensor(dtype: dtype, shape: [view.count], strides: [1], storage: region,
                                  byteOffset: byteOffset + view.offset * dtype.byteSize, device: location, file: file)
        }
        return tensor
    }
}
