/// The local file header in front of each entry's data. Its own name and extra lengths decide where the data
/// starts (PyTorch pads the local extra field to align tensor data, so its length legitimately differs from the
/// central directory's); everything else it states must agree with the central directory, so that a mutated
/// header cannot shift the data silently.
extension ZipArchive {
    /// Checks the local header at `offset` against the central record (`name`, `method`, `crc`, sizes, `flags`)
    /// and returns the offset of the entry's first data byte.
    static func dataOffset(localHeaderAt offset: Int, in region: ByteRegion, name: String, nameBytes: UnsafeRawBufferPointer,
                           method: UInt16, crc: UInt32, compressed: UInt64, uncompressed: UInt64,
                           bad: (String) -> CheckpointError) throws -> Int {
        guard region.littleEndian(UInt32.self, at: offset) == localHeaderSignature,
              let flags = region.littleEndian(UInt16.self, at: offset + 6),
              let localMethod = region.littleEndian(UInt16.self, at: offset + 8),
              let localCRC = region.littleEndian(UInt32.self, at: offset + 14),
              let localCompressed = region.littleEndian(UInt32.self, at: offset + 18),
              let localUncompressed = region.littleEndian(UInt32.self, at: offset + 22),
              let nameLength = region.littleEndian(UInt16.self, at: offset + 26),
              let extraLength = region.littleEndian(UInt16.self, at: offset + 28) else {
            throw bad("no local file header at byte \(offset)")
        }
        let nameStart = offset + localHeaderSize
        guard let localName = region.bytes(at: nameStart, length: Int(nameLength)) else {
            throw bad("local header name (\(nameLength) bytes at byte \(nameStart)) runs past the end of the file")
        }
        guard localName.elementsEqual(nameBytes) else {
            throw bad("local header at byte \(offset) names '\(String(decoding: localName, as: UTF8.self))' "
                      + "(\(nameLength) bytes), the central directory '\(name)' (\(nameBytes.count) bytes)")
        }
        guard localMethod == method else {
            throw bad("local header says compression method \(localMethod), the central directory \(method)")
        }
        // Without a data descriptor (flag bit 3) the local header carries the real CRC and sizes.
        if flags & 0x8 == 0 {
            guard localCRC == crc else {
                throw bad("local header CRC-32 0x\(String(localCRC, radix: 16)) differs from the central directory's 0x\(String(crc, radix: 16))")
            }
            if localCompressed != 0xFFFF_FFFF, localUncompressed != 0xFFFF_FFFF,
               UInt64(localCompressed) != compressed || UInt64(localUncompressed) != uncompressed {
                throw bad("local header sizes (\(localCompressed) compressed, \(localUncompressed) uncompressed) differ from the "
                          + "central directory's (\(compressed), \(uncompressed))")
            }
        }
        let extraStart = nameStart + Int(nameLength)
        try checkExtraField(at: extraStart, length: Int(extraLength), in: region, bad: bad)
        return extraStart + Int(extraLength)
    }

    /// An extra field is a sequence of (id UInt16, length UInt16, body) records that fills it exactly (a tail of
    /// fewer than 4 zero bytes, as some aligners leave, is accepted). A length that disagrees with its records
    /// means the data offset cannot be trusted.
    static func checkExtraField(at start: Int, length: Int, in region: ByteRegion, bad: (String) -> CheckpointError) throws {
        guard let extra = region.bytes(at: start, length: length) else {
            throw bad("local extra field (\(length) bytes at byte \(start)) runs past the end of the file")
        }
        var cursor = 0
        while cursor + 4 <= length {
            let recordLength = Int(extra[cursor + 2]) | Int(extra[cursor + 3]) << 8
            guard cursor + 4 + recordLength <= length else {
                throw bad("local extra field of \(length) bytes: the record at its byte \(cursor) declares \(recordLength) bytes, "
                          + "which run past the field's end")
            }
            cursor += 4 + recordLength
        }
        guard extra[cursor...].allSatisfy({ $0 == 0 }) else {
            throw bad("local extra field of \(length) bytes ends in \(length - cursor) bytes that are not a record")
        }
    }
}
