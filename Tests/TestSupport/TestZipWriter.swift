import Foundation

/// Writes small zip archives of stored entries byte by byte, so tests can make the malformed archives a reader
/// must refuse (duplicate names, wrong CRCs, headers that disagree, overlapping entries) without Python.
public struct TestZipWriter {
    public struct Member {
        public var name: String
        public var data: [UInt8]
        /// The CRC-32 written in both headers (nil: the real one).
        public var crc: UInt32?
        /// The name written in the local header (nil: `name`).
        public var localName: String?
        /// Bytes of the local extra field (a well-formed record when non-empty: id 0x4246 "FB" + zero padding).
        public var localExtra: Int
        /// Method 8 (DEFLATE made of stored blocks, expanding nothing) instead of method 0.
        public var deflated: Bool
        /// The uncompressed size written in both headers (nil: the real one).
        public var declaredSize: Int?
        public init(_ name: String, _ data: [UInt8], crc: UInt32? = nil, localName: String? = nil, localExtra: Int = 0,
                    deflated: Bool = false, declaredSize: Int? = nil) {
            self.name = name; self.data = data; self.crc = crc; self.localName = localName; self.localExtra = localExtra
            self.deflated = deflated; self.declaredSize = declaredSize
        }

        /// The bytes as written after the local header.
        var payload: [UInt8] { deflated ? TestZipWriter.storedDeflate(data) : data }
    }

    /// A raw DEFLATE stream of stored blocks (BTYPE 00, at most 65535 bytes each) holding `data`.
    public static func storedDeflate(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let n = min(65535, data.count - start)
            let final: UInt8 = start + n == data.count ? 1 : 0
            out += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<start + n]
            start += n
        } while start < data.count
        return out
    }

    public var members: [Member]
    /// Central-directory local-header offsets to use instead of the real ones (by member index).
    public var localOffsetOverrides: [Int: Int] = [:]

    public init(_ members: [Member]) { self.members = members }

    /// CRC-32 (zip polynomial, bitwise reference implementation).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The archive's bytes.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        var offsets: [Int] = []
        for m in members {
            offsets.append(out.count)
            let localName = Array((m.localName ?? m.name).utf8)
            let payload = m.payload
            u32(0x0403_4B50); u16(20); u16(0); u16(m.deflated ? 8 : 0); u16(0); u16(0)
            u32(m.crc ?? Self.crc32(m.data)); u32(UInt32(payload.count)); u32(UInt32(m.declaredSize ?? m.data.count))
            u16(localName.count); u16(m.localExtra)
            out += localName
            if m.localExtra >= 4 {
                u16(0x4246); u16(m.localExtra - 4)
                out += [UInt8](repeating: 0, count: m.localExtra - 4)
            } else {
                out += [UInt8](repeating: 0, count: m.localExtra)
            }
            out += payload
        }
        let directory = out.count
        for (i, m) in members.enumerated() {
            let name = Array(m.name.utf8)
            u32(0x0201_4B50); u16(20); u16(20); u16(0); u16(m.deflated ? 8 : 0); u16(0); u16(0)
            u32(m.crc ?? Self.crc32(m.data)); u32(UInt32(m.payload.count)); u32(UInt32(m.declaredSize ?? m.data.count))
            u16(name.count); u16(0); u16(0); u16(0); u16(0); u32(0)
            u32(UInt32(localOffsetOverrides[i] ?? offsets[i]))
            out += name
        }
        let size = out.count - directory
        u32(0x0605_4B50); u16(0); u16(0); u16(members.count); u16(members.count)
        u32(UInt32(size)); u32(UInt32(directory)); u16(0)
        return out
    }

    /// A local file header for a stored `data` named `name`, followed by `data` (to plant inside another entry).
    public static func localRecord(name: String, data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        u32(0x0403_4B50); u16(20); u16(0); u16(0); u16(0); u16(0)
        u32(crc32(data)); u32(UInt32(data.count)); u32(UInt32(data.count)); u16(name.utf8.count); u16(0)
        return out + Array(name.utf8) + data
    }

    /// Writes the archive to `url`.
    public func write(to url: URL) throws { try Data(bytes()).write(to: url) }
}
