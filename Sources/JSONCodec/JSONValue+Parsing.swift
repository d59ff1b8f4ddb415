import CJSON
import FileSupport
import Foundation

extension JSONValue {
    /// Default limit on nesting of arrays and objects.
    public static let defaultMaximumDepth = 64
    /// Largest JSON file `parse(contentsOf:)` reads (64 MiB); manifests and study files are a few kB.
    public static let maximumFileBytes = 64 << 20

    /// Parses `text`. Errors read `<source>:<line>:<column>: <reason>`.
    ///
    /// Standard JSON only: no comments, trailing commas, single quotes, NaN or Infinity, no text
    /// after the value (whitespace aside), integers within Int64, numbers within Double range,
    /// at most `maximumDepth` nested arrays/objects. Duplicate keys are accepted (last wins);
    /// use `parseDocument` to see them.
    public static func parse(_ text: String, source: String, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue {
        try parseDocument(text, source: source, maximumDepth: maximumDepth).value
    }

    /// Parses the file at `url`; messages name its path.
    public static func parse(contentsOf url: URL, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue {
        try parseDocument(contentsOf: url, maximumDepth: maximumDepth).value
    }

    /// Parses UTF-8 bytes (invalid UTF-8 is a syntax error with its position).
    public static func parse(data: Data, source: String, maximumDepth: Int = defaultMaximumDepth) throws -> JSONValue {
        try parseDocument(data: data, source: source, maximumDepth: maximumDepth).value
    }

    /// Like `parse`, also returning the duplicate keys found.
    public static func parseDocument(_ text: String, source: String,
                                     maximumDepth: Int = defaultMaximumDepth) throws -> JSONDocument {
        try parseDocument(data: Data(text.utf8), source: source, maximumDepth: maximumDepth)
    }

    /// Like `parse(contentsOf:)`, also returning the duplicate keys found.
    public static func parseDocument(contentsOf url: URL, maximumDepth: Int = defaultMaximumDepth) throws -> JSONDocument {
        // Only regular files: a FIFO or device named manifest.json would block or never end.
        let data: Data
        do { data = try RegularFile.read(url, maximumBytes: maximumFileBytes) } catch let error as RegularFile.OpenError {
            throw JSONError.unreadable(source: url.path, reason: error.reason)
        }
        return try parseDocument(data: data, source: url.path, maximumDepth: maximumDepth)
    }

    /// Like `parse(data:source:)`, also returning the duplicate keys found.
    public static func parseDocument(data: Data, source: String,
                                     maximumDepth: Int = defaultMaximumDepth) throws -> JSONDocument {
        precondition(maximumDepth >= 1, "maximumDepth must be at least 1")
        // json-c needs a terminating NUL to finish values with no end mark (numbers).
        var bytes = [UInt8](data)
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[0..<(all.count - 1)])
            func fail(_ offset: Int, _ reason: String) -> JSONError {
                let p = JSONTextPosition(offset: offset, in: text)
                return .syntax(source: source, line: p.line, column: p.column, reason: reason)
            }
            if let nul = text.firstIndex(of: 0) { throw fail(nul, "NUL byte in the text") }
            guard text.count < Int(Int32.max) else { throw fail(0, "text longer than 2 GB") }
            // A UTF-8 byte order mark is skipped.
            let start = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

            guard let tokener = json_tokener_new_ex(Int32(min(maximumDepth + 1, Int(Int32.max)))) else {
                throw fail(0, "json-c could not allocate a tokener")
            }
            defer { json_tokener_free(tokener) }
            json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)

            let base = UnsafeRawPointer(all.baseAddress! + start).assumingMemoryBound(to: CChar.self)
            let length = all.count - start  // includes the NUL
            let root = json_tokener_parse_ex(tokener, base, Int32(length))
            let status = json_tokener_get_error(tokener)
            let end = start + json_tokener_get_parse_end(tokener)
            guard let root, status == json_tokener_success else {
                json_object_put(root)
                let reason = status == json_tokener_continue
                    ? "unexpected end of data" : String(cString: json_tokener_error_desc(status))
                throw fail(min(end, text.count), reason)
            }
            defer { json_object_put(root) }
            // Strict mode already rejects trailing characters; whitespace is all that may remain.
            if let extra = text[end...].firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                throw fail(extra, "unexpected text after the JSON value")
            }

            var scanner = JSONSourceScanner(text)
            do { try scanner.scan(from: start, to: end) } catch let v as JSONSourceScanner.Violation {
                throw fail(v.offset, v.reason)
            }
            let duplicates = scanner.duplicates.map { d -> JSONDuplicateKey in
                let p = JSONTextPosition(offset: d.offset, in: text)
                return JSONDuplicateKey(source: source, keyPath: d.keyPath, line: p.line, column: p.column)
            }
            return JSONDocument(source: source, value: JSONValue(borrowing: root), duplicateKeys: duplicates)
        }
    }
}
