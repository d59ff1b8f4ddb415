import Foundation

/// Getting at an entry's bytes: zero-copy for stored entries, inflated for deflated ones.
extension ZipArchive {
    /// A stored (method 0) entry's bytes as a view of the archive's region: nothing is copied. The CRC-32 is
    /// checked against the central directory on the first call for each entry (a mismatch means the bytes are
    /// not where the directory says, or are damaged). Throws for compressed or encrypted entries.
    public func storedBytes(_ entry: Entry) throws -> (region: ByteRegion, offset: Int, count: Int) {
        try checkReadable(entry)
        guard entry.method == .stored else {
            throw CheckpointError.unsupported(file: file, reason: "zip entry '\(entry.name)' is \(entry.method), not stored; use extract")
        }
        guard entry.compressedSize == entry.uncompressedSize else {
            throw malformed("zip entry '\(entry.name)': stored entry with compressed size \(entry.compressedSize) != uncompressed size \(entry.uncompressedSize)")
        }
        if !state.isVerified(entry.localHeaderOffset) {
            let bytes = region.bytes(at: entry.dataOffset, length: entry.compressedSize)!  // range checked when parsed
            try checkCRC(entry, ZipInflater.checksum(bytes))
            state.markVerified(entry.localHeaderOffset)
        }
        return (region, entry.dataOffset, entry.compressedSize)
    }

    /// The entry's bytes in an owned region: stored entries are copied, deflated ones inflated.
    /// The size and CRC-32 are checked against the central directory.
    public func extract(_ entry: Entry) throws -> ByteRegion {
        try checkReadable(entry)
        switch entry.method {
        case .stored:
            let view = try storedBytes(entry)
            return ByteRegion(copying: region.bytes(at: view.offset, length: view.count)!, url: region.url)
        case .deflated:
            return try inflate(entry)
        case .other:
            throw CheckpointError.unsupported(file: file, reason: "zip entry '\(entry.name)' uses compression \(entry.method); only stored and deflated are supported")
        }
    }

    /// `extract` when the entry is compressed, else the zero-copy view (wrapped as `(region, offset, count)`).
    public func contents(_ entry: Entry) throws -> (region: ByteRegion, offset: Int, count: Int) {
        if entry.method == .stored { return try storedBytes(entry) }
        let owned = try extract(entry)
        return (owned, 0, owned.count)
    }

    private func checkReadable(_ entry: Entry) throws {
        if entry.flags & 1 != 0 {
            throw CheckpointError.unsupported(file: file, reason: "zip entry '\(entry.name)' is encrypted")
        }
    }

    func checkCRC(_ entry: Entry, _ crc: UInt32) throws {
        guard crc == entry.crc32 else {
            throw malformed("zip entry '\(entry.name)': CRC-32 mismatch (central directory 0x\(String(entry.crc32, radix: 16)), "
                            + "data 0x\(String(crc, radix: 16))): the bytes are damaged or not where the directory says")
        }
    }

    /// Raw DEFLATE → an owned buffer of exactly `uncompressedSize` bytes, within `limits`.
    private func inflate(_ entry: Entry) throws -> ByteRegion {
        let name = entry.name
        // DEFLATE cannot expand more than ~1032:1; a larger declared size is a lie (and a memory bomb).
        guard entry.uncompressedSize <= entry.compressedSize * 1032 + 1024 else {
            throw malformed("zip entry '\(name)': declared size \(entry.uncompressedSize) is impossible for \(entry.compressedSize) compressed bytes")
        }
        guard state.reserveInflated(entry.uncompressedSize, limit: limits.maximumInflatedBytes) else {
            let before = state.inflatedBytes
            throw CheckpointError.unsupported(
                file: file, reason: "zip entry '\(name)' inflates to \(entry.uncompressedSize) bytes"
                    + (before > 0 ? " (after \(before) bytes of other entries)" : "") + ", more than \(limits.inflatedBytesDescription)")
        }
        let capacity = entry.uncompressedSize
        let output = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 64)
        do {
            let input = UnsafeRawBufferPointer(start: region.base + entry.dataOffset, count: entry.compressedSize)
            let crc = try ZipInflater.inflate(input, into: UnsafeMutableRawBufferPointer(start: output, count: capacity))
            try checkCRC(entry, crc)
        } catch let failure as ZipInflater.Failure {
            output.deallocate()
            throw malformed("zip entry '\(name)': \(failure.reason)")
        } catch {
            output.deallocate()
            throw error
        }
        return ByteRegion(adopting: output, count: capacity, url: region.url)
    }
}
