import CJSON
import FileSupport
import Foundation

extension JSONValue {
    /// JSON text written by json-c.
    ///
    /// - pretty: two-space indentation, one member per line; otherwise one line with a space
    ///   after `:` and `,` (json-c's SPACED style). `/` is never escaped; non-ASCII characters are
    ///   written as UTF-8.
    /// - sortKeys: object keys in UTF-8 byte order instead of their stored order.
    /// Doubles are written in their shortest form that reads back exactly (`0.1`, `1e-300`).
    /// Non-finite doubles (NaN, ±Infinity) have no JSON form and are written as `null`.
    public func serialized(pretty: Bool = true, sortKeys: Bool = false) -> String {
        let value = sortKeys ? sortedKeysRecursively() : self
        let root = value.makeJSONCObject()
        defer { json_object_put(root) }
        let flags = (pretty ? JSON_C_TO_STRING_PRETTY : 0) | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE
        var length = 0
        guard let text = json_object_to_json_string_length(root, flags, &length) else { return "null" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    /// Atomically writes `serialized(pretty:sortKeys:)` plus a final newline to `url`
    /// (throws `AtomicFile.WriteError` naming the path).
    public func write(to url: URL, pretty: Bool = true, sortKeys: Bool = false) throws {
        try AtomicFile.write(Data((serialized(pretty: pretty, sortKeys: sortKeys) + "\n").utf8), to: url)
    }
}
