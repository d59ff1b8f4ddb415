extension ByteRegion {
    /// The little-endian integer at `offset`, or nil when `[offset, offset + size)` is outside the region.
    /// Unaligned reads are fine.
    func littleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        guard let raw = bytes(at: offset, length: MemoryLayout<T>.size) else { return nil }
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }
}
