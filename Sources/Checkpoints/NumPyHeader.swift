/// The header of a `.npy` file (format versions 1.0, 2.0 and 3.0):
///   magic `\x93NUMPY`, major, minor, header length (UInt16 LE for 1.0, UInt32 LE for 2.0/3.0),
///   then a Python dict literal `{'descr': ..., 'fortran_order': ..., 'shape': (...), }` (Latin-1 for
///   1.0/2.0, UTF-8 for 3.0) padded with spaces and ending in '\n'. The data follows immediately.
struct NumPyHeader: Equatable {
    /// Format version (major, minor).
    let version: (UInt8, UInt8)
    /// Element type string (`'<f4'`, `'>f8'`, `'|O'`, …).
    let descr: String
    /// True when the data is laid out in Fortran (column-major) order.
    let fortranOrder: Bool
    /// Extent of each axis (empty for a 0-d array).
    let shape: [Int]
    /// Bytes from the start of the file to the first data byte.
    let headerSize: Int

    static func == (a: NumPyHeader, b: NumPyHeader) -> Bool {
        a.version == b.version && a.descr == b.descr && a.fortranOrder == b.fortranOrder && a.shape == b.shape
            && a.headerSize == b.headerSize
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// Headers beyond this are hostile (NumPy itself refuses > 10 000 bytes by default).
    static let maxHeaderLength = 1 << 20

    /// Parses the header at the start of `bytes`; `file` names the file in errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> NumPyHeader {
        func bad(_ reason: String) -> CheckpointError { .malformed(file: file, reason: "npy: \(reason)") }
        guard bytes.count >= 10 else { throw bad("file of \(bytes.count) bytes is too short for an .npy header") }
        guard Array(bytes[0..<6]) == magic else { throw bad("missing the \\x93NUMPY magic (not an .npy file)") }
        let major = bytes[6], minor = bytes[7]
        guard (1...3).contains(major), minor == 0 else {
            throw CheckpointError.unsupported(file: file, reason: "npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        let length: Int, start: Int
        switch major {
        case 1:
            length = Int(bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian); start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw bad("file too short for a version \(major).0 header") }
            length = Int(bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian); start = 12
        default:
            throw CheckpointError.unsupported(file: file, reason: "npy format version \(major).\(minor)")
        }
        guard length <= maxHeaderLength else { throw bad("header length \(length) is implausibly large") }
        guard start + length <= bytes.count else {
            throw bad("header of \(length) bytes runs past the end of the \(bytes.count)-byte file (truncated)")
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])
        let text: String
        if major == 3 {
            guard let s = String(validating: raw, as: UTF8.self) else { throw bad("header is not valid UTF-8") }
            text = s
        } else {
            text = String(raw.map { Character(Unicode.Scalar($0)) })  // Latin-1
        }
        let literal: NumPyHeaderLiteral
        do { literal = try NumPyHeaderLiteral.parse(text) } catch let e as NumPyHeaderLiteral.ParseError {
            throw bad("header is not a plain dict literal: \(e.reason)")
        }
        guard case let .dict(entries) = literal else { throw bad("header is not a dict") }
        var descr: String?, fortran: Bool?, shape: [Int]?
        for (key, value) in entries {
            switch (key, value) {
            case let ("descr", .string(s)): descr = s
            case ("descr", .list): throw CheckpointError.unsupported(file: file, reason: "npy structured (record) dtypes")
            case let ("fortran_order", .bool(b)): fortran = b
            case let ("shape", .tuple(items)):
                shape = try items.map {
                    guard case let .int(n) = $0 else { throw bad("shape entries must be integers") }
                    guard n >= 0 else { throw bad("negative extent \(n) in shape") }
                    return n
                }
            default: throw bad("unexpected header entry '\(key)'")
            }
        }
        guard let d = descr, let f = fortran, let s = shape else {
            throw bad("header lacks one of 'descr', 'fortran_order', 'shape'")
        }
        return NumPyHeader(version: (major, minor), descr: d, fortranOrder: f, shape: s, headerSize: start + length)
    }

    /// Number of elements, or nil when it overflows.
    var elementCount: Int? {
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// Element strides for the layout (C: `[..., W, 1]`; Fortran: `[1, D0, D0·D1, ...]`).
    var strides: [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        let order = fortranOrder ? Array(shape.indices) : shape.indices.reversed()
        for i in order { strides[i] = acc; acc *= max(shape[i], 1) }
        return strides
    }
}

/// A NumPy `descr` string decoded: element type and byte order.
struct NumPyElementType: Equatable {
    let dtype: DType
    /// True when the stored bytes are big endian (`>`) and multi-byte.
    let bigEndian: Bool

    /// Decodes `'<f4'`, `'>f8'`, `'|b1'`, `'=i8'`…; nil for `'|O'` (object) — callers check that first.
    init(descr: String, file: String) throws {
        let chars = Array(descr)
        guard chars.count >= 2, "<>|=".contains(chars[0]) else {
            throw CheckpointError.unsupported(file: file, reason: "npy dtype '\(descr)'")
        }
        let code = String(chars[1...])
        let types: [String: DType] = [
            "f2": .float16, "f4": .float32, "f8": .float64,
            "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "b1": .bool,
        ]
        guard let t = types[code] else {
            throw CheckpointError.unsupported(file: file, reason: "npy dtype '\(descr)' (supported: f2 f4 f8 i1 i2 i4 i8 u1 b1)")
        }
        dtype = t
        bigEndian = chars[0] == ">" && t.byteSize > 1
    }
}
