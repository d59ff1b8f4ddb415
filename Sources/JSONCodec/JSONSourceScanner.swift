/// A second pass over text that json-c has already accepted. json-c (even in strict mode) takes
/// `NaN`, `Infinity`, single-quoted strings and numbers that overflow a Double, and merges
/// duplicate keys silently; this pass rejects the former with a line:column and records the
/// latter. It relies on the text being well-formed, so it only tracks tokens and nesting.
struct JSONSourceScanner {
    /// A duplicate key: its key path and the byte offset of its second (or later) occurrence.
    struct Duplicate { var keyPath: String; var offset: Int }
    /// A token that is not standard JSON.
    struct Violation: Error { var offset: Int; var reason: String }

    private enum Frame {
        case object(path: String, seen: Set<String>, expectingKey: Bool, key: String?)
        case array(path: String, index: Int)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var stack: [Frame] = []
    private(set) var duplicates: [Duplicate] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Scans `bytes[start..<end]`; throws the first violation.
    mutating func scan(from start: Int, to end: Int) throws {
        var i = start
        while i < end {
            let b = bytes[i]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: "{"):
                stack.append(.object(path: currentValuePath(), seen: [], expectingKey: true, key: nil))
                i += 1
            case UInt8(ascii: "["):
                stack.append(.array(path: currentValuePath(), index: 0))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                i += 1
            case UInt8(ascii: ","):
                if case .array(let path, let index)? = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: index + 1)
                } else if case .object(let path, let seen, _, _)? = stack.last {
                    stack[stack.count - 1] = .object(path: path, seen: seen, expectingKey: true, key: nil)
                }
                i += 1
            case UInt8(ascii: ":"):
                i += 1
            case UInt8(ascii: "'"):
                throw Violation(offset: i, reason: "single-quoted strings are not JSON")
            case UInt8(ascii: "\""):
                let close = endOfString(from: i, to: end)
                if let control = bytes[(i + 1)..<max(i + 1, close - 1)].firstIndex(where: { $0 < 0x20 }) {
                    let hex = String(bytes[control], radix: 16, uppercase: true)
                    let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
                    throw Violation(offset: control, reason: "raw control character \(code) in a string (JSON needs it escaped)")
                }
                if case .object(let path, var seen, true, _)? = stack.last {
                    let key = Self.decodeKey(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<max(i + 1, close - 1)]))
                    if !seen.insert(key).inserted {
                        duplicates.append(Duplicate(keyPath: JSONKeyPath.appending(key, to: path), offset: i))
                    }
                    stack[stack.count - 1] = .object(path: path, seen: seen, expectingKey: false, key: key)
                }
                i = close
            default:
                var j = i
                while j < end, !Self.isDelimiter(bytes[j]) { j += 1 }
                try checkLiteral(from: i, to: j)
                i = j
            }
        }
    }

    /// Path of a value starting at the current position.
    private func currentValuePath() -> String {
        switch stack.last {
        case nil: return ""
        case .array(let path, let index)?: return JSONKeyPath.appending(index: index, to: path)
        case .object(let path, _, _, let key)?: return JSONKeyPath.appending(key ?? "", to: path)
        }
    }

    /// Index just past the closing quote of the string opening at `start`.
    private func endOfString(from start: Int, to end: Int) -> Int {
        var j = start + 1
        while j < end {
            if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
            if bytes[j] == UInt8(ascii: "\"") { return j + 1 }
            j += 1
        }
        return end
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"),
             UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "["), UInt8(ascii: "{"):
            return true
        default: return false
        }
    }

    /// true/false/null pass; numbers must be finite Doubles and integers must fit in Int64.
    private func checkLiteral(from start: Int, to end: Int) throws {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if text == "true" || text == "false" || text == "null" { return }
        let lower = text.lowercased()
        if lower.contains("nan") || lower.contains("inf") {
            throw Violation(offset: start, reason: "\(text) is not a JSON number (NaN and Infinity are not allowed)")
        }
        guard Self.isJSONNumber(UnsafeBufferPointer(rebasing: bytes[start..<end])) else {
            throw Violation(offset: start, reason: "\(text) is not a JSON number (JSON needs digits on both sides of '.', "
                            + "no leading '+' or zeros, and an exponent with digits)")
        }
        let isInteger = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
        if isInteger {
            if Int64(text) == nil {
                throw Violation(offset: start, reason: "integer \(text) does not fit in 64 bits")
            }
        } else if let d = Double(text), !d.isFinite {
            throw Violation(offset: start, reason: "number \(text) is out of Double range")
        }
    }

    /// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isJSONNumber(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        func digit(_ k: Int) -> Bool { k < t.count && t[k] >= 0x30 && t[k] <= 0x39 }
        func digits() -> Bool {
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
            return true
        }
        if i < t.count, t[i] == UInt8(ascii: "-") { i += 1 }
        if i < t.count, t[i] == UInt8(ascii: "0") { i += 1 } else if !digits() { return false }
        if i < t.count, t[i] == UInt8(ascii: ".") { i += 1; guard digits() else { return false } }
        if i < t.count, t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E") {
            i += 1
            if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return false }
        }
        return i == t.count
    }

    /// The decoded key of a string body (between the quotes) of well-formed JSON text.
    static func decodeKey(_ body: UnsafeBufferPointer<UInt8>) -> String {
        guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll()
        }
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= body.count else { return nil }
            return UInt32(String(decoding: UnsafeBufferPointer(rebasing: body[at..<(at + 4)]), as: UTF8.self), radix: 16)
        }
        var i = 0
        while i < body.count {
            let b = body[i]
            guard b == UInt8(ascii: "\\"), i + 1 < body.count else { utf8.append(b); i += 1; continue }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                flush()
                guard var code = hex(i) else { continue }
                i += 4
                if (0xD800..<0xDC00).contains(code), i + 6 <= body.count, body[i] == UInt8(ascii: "\\"),
                   body[i + 1] == UInt8(ascii: "u"), let low = hex(i + 2), (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: utf8.append(e)  // \" \\ \/
            }
        }
        flush()
        return String(scalars)
    }
}
