import Foundation

/// Human-readable guesses at what a non-image file is, for `ImageCodecError.notAnImage`.
enum FileSignature {
    /// A short phrase such as "a GIF image" or "text starting with \"hello\"".
    static func describe(_ bytes: [UInt8]) -> String {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "a PNG with a damaged signature (transferred in text mode?)" }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return "a GIF image" }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { return "a WebP image" }
        if starts(ascii("II*\0")) || starts(ascii("MM\0*")) { return "a TIFF image" }
        if starts(ascii("ftyp"), at: 4) { return "an HEIF/AVIF/MP4 file" }
        if starts(ascii("BM")) && bytes.count > 14 && leadingText(bytes) == nil { return "a BMP image" }
        if starts(ascii("%PDF")) { return "a PDF document" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive (a PyTorch checkpoint?)" }
        if starts([0x1F, 0x8B]) { return "gzip-compressed data" }
        if starts([0x93]) && starts(ascii("NUMPY"), at: 1) { return "a NumPy .npy file" }
        if starts([0xFF, 0xD8]) { return "a JPEG with a damaged start marker" }
        if let head = leadingText(bytes) {
            let text = String(head.prefix(32))
            let escaped = text.unicodeScalars.map { scalar in
                let plain = scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && scalar != "\"" && scalar != "\\"
                return plain ? String(scalar) : scalar.escaped(asASCII: true)
            }.joined()
            return "text starting with \"\(escaped)\(text.count < head.count || bytes.count > 256 ? "…" : "")\""
        }
        let hex = bytes.prefix(8).map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        return "unknown data starting with bytes \(hex)"
    }

    /// The first (up to 256) bytes as a string when they are printable UTF-8 text (tabs and line breaks
    /// allowed), else nil.
    static func leadingText(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(256))
        // Only a cut at 256 bytes may split a multi-byte character: then retry without its first bytes.
        for drop in 0...(head.count == 256 ? 3 : 0) {
            guard let text = String(bytes: head.dropLast(drop), encoding: .utf8), !text.isEmpty else { continue }
            let printable = text.unicodeScalars.allSatisfy {
                $0 == "\t" || $0 == "\n" || $0 == "\r" || ($0.value >= 0x20 && $0.value != 0x7F)
            }
            return printable ? text : nil
        }
        return nil
    }
}
