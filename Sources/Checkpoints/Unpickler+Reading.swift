/// Bounds-checked reads from the pickle bytes. Every length is checked against the remaining
/// input before anything is allocated.
extension Unpickler {
    var remaining: Int { bytes.count - position }

    func truncated(_ needed: Int) -> CheckpointError {
        malformed("pickle truncated at byte \(position): needs \(needed) more bytes, \(max(remaining, 0)) left")
    }

    func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw truncated(1) }
        defer { position += 1 }
        return bytes[position]
    }

    /// `count` raw bytes (a view into the input, not a copy).
    func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0 else { throw malformed("negative length \(count) at byte \(position)") }
        guard count <= remaining else { throw truncated(count) }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    func readUInt16() throws -> UInt16 {
        let b = try readBytes(2)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    func readUInt32() throws -> UInt32 {
        let b = try readBytes(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    func readUInt64() throws -> UInt64 {
        let b = try readBytes(8)
        var v: UInt64 = 0
        for i in (0..<8).reversed() { v = v << 8 | UInt64(b[i]) }
        return v
    }

    /// A length field: checked to fit in the remaining input (so huge declared sizes fail early).
    func readLength(_ width: Int) throws -> Int {
        let at = position
        let raw: UInt64
        switch width {
        case 1: raw = UInt64(try readByte())
        case 4: raw = UInt64(try readUInt32())
        default: raw = try readUInt64()
        }
        guard raw <= UInt64(remaining) else {
            throw malformed("pickle declares \(raw) bytes at byte \(at) but only \(remaining) remain")
        }
        return Int(raw)
    }

    /// A newline-terminated ASCII line (GLOBAL arguments), without the newline.
    func readLine() throws -> String {
        let start = position
        while position < bytes.count {
            if bytes[position] == 0x0A {
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard let s = String(validating: line, as: UTF8.self) else {
                    throw malformed("GLOBAL name at byte \(start) is not valid text")
                }
                return s
            }
            position += 1
        }
        throw malformed("pickle truncated at byte \(start): unterminated GLOBAL name")
    }

    func decodeUTF8(_ raw: UnsafeRawBufferPointer, at offset: Int) throws -> String {
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw malformed("string at byte \(offset) is not valid UTF-8")
        }
        return s
    }

    /// A little-endian two's-complement integer of `raw.count` bytes (LONG1/LONG4).
    func decodeLong(_ raw: UnsafeRawBufferPointer, at offset: Int) throws -> Int {
        guard raw.count <= limits.maxLongBytes else {
            throw malformed("integer of \(raw.count) bytes at byte \(offset) exceeds the limit of \(limits.maxLongBytes)")
        }
        guard let last = raw.last else { return 0 }
        let negative = last & 0x80 != 0
        // Bytes above the low 8 must be pure sign extension for the value to fit in Int.
        if raw.count > 8 {
            let fill: UInt8 = negative ? 0xFF : 0x00
            guard raw[8...].allSatisfy({ $0 == fill }), (raw[7] & 0x80 != 0) == negative else {
                throw CheckpointError.unsupported(file: file, reason: "integer at byte \(offset) does not fit in 64 bits")
            }
        }
        var v: UInt64 = negative ? ~0 : 0
        for i in (0..<min(raw.count, 8)).reversed() {
            v = v << 8 | UInt64(raw[i])
        }
        if raw.count < 8 && negative {
            // Sign-extend from the top byte actually present.
            let shift = UInt64(raw.count * 8)
            v |= ~0 << shift
        }
        return Int(bitPattern: UInt(v))
    }
}
