import Foundation
import ZIPFoundation

/// Getting at an entry's bytes: zero-copy for stored entries, inflated for deflated ones.
extension ZipArchive {
    /// A stored (method 0) entry's bytes as a view of the archive's region: nothing is copied and the
    /// CRC is not checked (the entry may be gigabytes of tensor data).
    /// Throws for compressed or encrypted entries.
    public func storedBytes(_ entry: Entry) throws -> (region: ByteRegion, offset: Int, count: Int) {
        try checkReadable(entry)
        guard entry.method == .stored else {
            throw CheckpointError.unsupported(file: file, reason: "zip entry '\(entry.name)' is \(entry.method), not stored; use extract")
        }
        guard entry.compressedSize == entry.uncompressedSize else {
            throw malformed("zip entry '\(entry.name)': stored entry with compressed size \(entry.compressedSize) != uncompressed size \(entry.uncompressedSize)")
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
            let bytes = region.bytes(at: view.offset, length: view.count)!
            try checkCRC(entry, bytes)
            return ByteRegion(copying: bytes, url: region.url)
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

    private func checkCRC(_ entry: Entry, _ bytes: UnsafeRawBufferPointer) throws {
        let crc = bytes.count == 0 ? 0 : Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!),
                                             count: bytes.count, deallocator: .none).crc32(checksum: 0)
        guard crc == entry.crc32 else {
            throw malformed("zip entry '\(entry.name)': CRC-32 mismatch (stored \(hex(entry.crc32)), computed \(hex(crc)))")
        }
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }

    /// Raw DEFLATE → owned buffer of exactly `uncompressedSize` bytes.
    private func inflate(_ entry: Entry) throws -> ByteRegion {
        let name = entry.name
        // DEFLATE cannot expand more than ~1032:1; a larger declared size is a lie (and a memory bomb).
        guard entry.uncompressedSize <= entry.compressedSize * 1032 + 1024 else {
            throw malformed("zip entry '\(name)': declared size \(entry.uncompressedSize) is impossible for \(entry.compressedSize) compressed bytes")
        }
        let capacity = entry.uncompressedSize
        let output = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 64)
        defer { output.deallocate() }
        var written = 0
        let chunkSize = 1 << 16
        let start = entry.dataOffset, total = entry.compressedSize
        struct Failure: Error { let reason: String }
        let crc: UInt32
        do {
            crc = try Data.decompress(size: Int64(total), bufferSize: chunkSize, skipCRC32: false, provider: { position, size in
                // Hand out exactly `size` bytes, zero-padded past the end of the entry, so zlib never reads
                // outside the chunk; asking again after the end means the stream is truncated.
                let position = Int(position)
                guard position < total else { throw Failure(reason: "compressed data ends before the end of the DEFLATE stream") }
                let available = min(size, total - position)
                var chunk = Data(count: size)
                chunk.withUnsafeMutableBytes { dst in
                    dst.baseAddress!.copyMemory(from: region.base + start + position, byteCount: available)
                }
                return chunk
            }, consumer: { data in
                guard data.count <= capacity - written else {
                    throw Failure(reason: "inflates to more than the declared \(capacity) bytes")
                }
                data.withUnsafeBytes { src in
                    if let p = src.baseAddress, src.count > 0 { (output + written).copyMemory(from: p, byteCount: src.count) }
                }
                written += data.count
            })
        } catch let failure as Failure {
            throw malformed("zip entry '\(name)': \(failure.reason)")
        } catch {
            throw malformed("zip entry '\(name)': corrupt DEFLATE data (\(error))")
        }
        guard written == capacity else {
            throw malformed("zip entry '\(name)': inflated to \(written) bytes, central directory says \(capacity)")
        }
        guard crc == entry.crc32 else {
            throw malformed("zip entry '\(name)': CRC-32 mismatch (stored \(hex(entry.crc32)), computed \(hex(crc)))")
        }
        return ByteRegion(copying: UnsafeRawBufferPointer(start: output, count: capacity), url: region.url)
    }
}
