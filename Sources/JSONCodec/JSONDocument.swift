/// A parsed JSON text with what the parser noticed but accepted.
public struct JSONDocument: Sendable {
    /// Where the text came from (a file path or a caller-given name), used in messages.
    public let source: String
    /// The top-level value.
    public let value: JSONValue
    /// Keys that occur more than once in an object. The last value wins and the key keeps the
    /// position of its first occurrence (json-c's behaviour).
    public let duplicateKeys: [JSONDuplicateKey]
}

/// A repeated object key: `<source>:<line>:<column>: duplicate key "a.b"; the last value wins`.
public struct JSONDuplicateKey: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// Key path of the repeated key (e.g. `provenance.samples`).
    public let keyPath: String
    /// Position of the repeated occurrence (1-based).
    public let line: Int
    public let column: Int

    public var description: String {
        "\(source):\(line):\(column): duplicate key \"\(keyPath)\"; the last value wins"
    }
}
