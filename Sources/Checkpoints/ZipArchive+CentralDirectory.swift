/// Parsing of the end-of-central-directory records and central-directory file headers.
extension ZipArchive {
    struct CentralDirectoryLocation {
        let offset: Int
        let size: Int
        let entryCount: Int
    }

    static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    static let zip64EndOfCentralDirectorySignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    /// Fixed part of a central-directory file header.
    static let centralHeaderSize = 46
    /// Fixed part of a local file header.
    static let localHeaderSize = 30

    /// Finds the EOCD record in the last 64 KiB + 22 bytes (it may be followed by a comment of up to
    /// 65535 bytes) and, when present, the ZIP64 EOCD through its locator.
    static func findCentralDirectory(in region: ByteRegion, file: String) throws -> CentralDirectoryLocation {
        func bad(_ reason: String) -> CheckpointError { .malformed(file: file, reason: "zip: \(reason)") }
        let n = region.count
        guard n >= 22 else { throw bad("file of \(n) bytes is too short to be a zip archive") }
        var eocd: Int?
        var candidate = n - 22
        let lowest = max(0, n - 22 - 65535)
        while candidate >= lowest {
            if region.littleEndian(UInt32.self, at: candidate) == endOfCentralDirectorySignature,
               let commentLength = region.littleEndian(UInt16.self, at: candidate + 20),
               candidate + 22 + Int(commentLength) <= n {
                eocd = candidate
                break
            }
            candidate -= 1
        }
        guard let e = eocd else { throw bad("no end-of-central-directory record (not a zip file, or truncated)") }
        let disk = Int(region.littleEndian(UInt16.self, at: e + 4)!)
        let directoryDisk = Int(region.littleEndian(UInt16.self, at: e + 6)!)
        let entriesOnDisk = Int(region.littleEndian(UInt16.self, at: e + 8)!)
        var entryCount = Int(region.littleEndian(UInt16.self, at: e + 10)!)
        var size = Int(region.littleEndian(UInt32.self, at: e + 12)!)
        var offset = Int(region.littleEndian(UInt32.self, at: e + 16)!)
        var directoryEndLimit = e

        // ZIP64: a locator sits immediately before the EOCD record.
        if e >= 20, region.littleEndian(UInt32.self, at: e - 20) == zip64LocatorSignature {
            let raw = region.littleEndian(UInt64.self, at: e - 20 + 8)!
            guard raw <= UInt64(e - 20), region.littleEndian(UInt32.self, at: Int(raw)) == zip64EndOfCentralDirectorySignature,
                  let count64 = region.littleEndian(UInt64.self, at: Int(raw) + 32),
                  let size64 = region.littleEndian(UInt64.self, at: Int(raw) + 40),
                  let offset64 = region.littleEndian(UInt64.self, at: Int(raw) + 48),
                  let disk64 = region.littleEndian(UInt32.self, at: Int(raw) + 16),
                  let directoryDisk64 = region.littleEndian(UInt32.self, at: Int(raw) + 20) else {
                throw bad("ZIP64 end-of-central-directory locator points to an invalid record")
            }
            guard disk64 == 0, directoryDisk64 == 0 else { throw bad("multi-disk archives are not supported") }
            guard count64 <= UInt64(n), size64 <= UInt64(n), offset64 <= UInt64(n) else {
                throw bad("ZIP64 central directory (offset \(offset64), size \(size64), \(count64) entries) is outside the \(n)-byte file")
            }
            entryCount = Int(count64); size = Int(size64); offset = Int(offset64)
            directoryEndLimit = Int(raw)
        } else {
            guard disk == 0, directoryDisk == 0, entriesOnDisk == entryCount else {
                throw bad("multi-disk archives are not supported")
            }
            if entryCount == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                throw bad("end-of-central-directory record needs ZIP64 values but there is no ZIP64 locator")
            }
        }
        guard offset <= directoryEndLimit, size <= directoryEndLimit - offset else {
            throw bad("central directory (offset \(offset), size \(size)) is outside the archive (its end record is at \(directoryEndLimit))")
        }
        guard entryCount <= size / centralHeaderSize else {
            throw bad("central directory of \(size) bytes cannot hold the \(entryCount) entries it declares")
        }
        return CentralDirectoryLocation(offset: offset, size: size, entryCount: entryCount)
    }

    /// Hints the kernel to read every entry's local header page now. Each entry's data offset depends on its
    /// local header, scattered through the file (one per tensor); on a cold page cache, faulting them in one by
    /// one made opening a 1 GB checkpoint take ~0.9 s. Best effort: stops at the first record it cannot walk
    /// (the real parse reports it) and skips ZIP64 offsets.
    static func prefetchLocalHeaders(in region: ByteRegion, directory: CentralDirectoryLocation) {
        guard region.isMapped else { return }
        let end = directory.offset + directory.size
        var offset = directory.offset
        for _ in 0..<directory.entryCount {
            guard offset + centralHeaderSize <= end, region.littleEndian(UInt32.self, at: offset) == centralHeaderSignature,
                  let nameLength = region.littleEndian(UInt16.self, at: offset + 28),
                  let extraLength = region.littleEndian(UInt16.self, at: offset + 30),
                  let commentLength = region.littleEndian(UInt16.self, at: offset + 32),
                  let local = region.littleEndian(UInt32.self, at: offset + 42) else { return }
            if local != 0xFFFF_FFFF { region.prefetch(offset: Int(local), length: localHeaderSize + 512) }
            offset += centralHeaderSize + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
    }

    /// Reads the central-directory header at `offset`; returns the entry and the offset of the next header.
    static func readCentralEntry(in region: ByteRegion, at offset: Int, index: Int, directoryEnd: Int,
                                 file: String) throws -> (Entry, Int) {
        func bad(_ reason: String) -> CheckpointError {
            .malformed(file: file, reason: "zip central directory entry #\(index): \(reason)")
        }
        guard offset + centralHeaderSize <= directoryEnd,
              region.littleEndian(UInt32.self, at: offset) == centralHeaderSignature else {
            throw bad("bad central-directory header signature at byte \(offset)")
        }
        let u16 = { (at: Int) in Int(region.littleEndian(UInt16.self, at: offset + at)!) }
        let u32 = { (at: Int) in region.littleEndian(UInt32.self, at: offset + at)! }
        let flags = UInt16(u16(8))
        let method = Method(code: UInt16(u16(10)))
        let crc = u32(16)
        var compressed = UInt64(u32(20))
        var uncompressed = UInt64(u32(24))
        let nameLength = u16(28), extraLength = u16(30), commentLength = u16(32)
        let diskStart = u16(34)
        var localOffset = UInt64(u32(42))
        let next = offset + centralHeaderSize + nameLength + extraLength + commentLength
        guard next <= directoryEnd else { throw bad("name/extra/comment run past the end of the central directory") }
        let nameBytes = region.bytes(at: offset + centralHeaderSize, length: nameLength)!
        let name = String(decoding: nameBytes, as: UTF8.self)
        func badEntry(_ reason: String) -> CheckpointError {
            .malformed(file: file, reason: "zip entry '\(name)': \(reason)")
        }

        // ZIP64 extended information (header id 1): 8-byte values for the fields saturated at 0xFFFFFFFF, in order.
        var extra = offset + centralHeaderSize + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = region.littleEndian(UInt16.self, at: extra)!
            let length = Int(region.littleEndian(UInt16.self, at: extra + 2)!)
            let body = extra + 4
            guard body + length <= extraEnd else { throw badEntry("extra field runs past its declared length") }
            if id == 0x0001 {
                var cursor = body
                func next64() throws -> UInt64 {
                    guard cursor + 8 <= body + length else { throw badEntry("ZIP64 extra field is too short") }
                    defer { cursor += 8 }
                    return region.littleEndian(UInt64.self, at: cursor)!
                }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try next64() }
                if compressed == 0xFFFF_FFFF { compressed = try next64() }
                if localOffset == 0xFFFF_FFFF { localOffset = try next64() }
            }
            extra = body + length
        }
        guard diskStart == 0 || diskStart == 0xFFFF else { throw badEntry("multi-disk archives are not supported") }
        let n = UInt64(region.count)
        guard compressed <= n, uncompressed <= UInt64(Int.max / 2), localOffset <= n else {
            throw badEntry("sizes or offset out of range (compressed \(compressed), uncompressed \(uncompressed), header at \(localOffset); file is \(n) bytes)")
        }

        // The local header: its own name and extra lengths decide where the data starts; the rest must agree.
        let local = Int(localOffset)
        let dataStart = try Self.dataOffset(localHeaderAt: local, in: region, name: name, nameBytes: nameBytes,
                                        method: method.code, crc: crc, compressed: compressed, uncompressed: uncompressed,
                                        bad: badEntry)
        guard dataStart <= region.count, Int(compressed) <= region.count - dataStart else {
            throw badEntry("data (\(compressed) bytes at byte \(dataStart)) runs past the end of the \(region.count)-byte file")
        }
        let entry = Entry(name: name, method: method, compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                          crc32: crc, localHeaderOffset: local, dataOffset: dataStart, flags: flags)
        return (entry, next)
    }
}
