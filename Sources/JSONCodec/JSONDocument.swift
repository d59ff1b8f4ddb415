/// A parsed JSON text with what the parser noticed but accepted.
public struct JSONDocument: Sendable {
    /// Where the text came from (a file path or a caller-given name), used in messages.
    public let source: String
    /// The top-level value.
    public let value: JSONValue
    /// Keys that occur more than once in an object. The last value wins and the key keeps the
    /// position of its first occurrence (json-c's behaviour).
    public let duplicateKeys: [JSONDuplicateKey]

    /// The value, or a syntax error at the first repeated key (`file:3:5: duplicate key "layers"; …`): for files
    /// whose keys must be unique (direction manifests, study files), where "the last one wins" would hide a mistake.
    public func uniqueKeyValue() throws -> JSONValue {
        if let d = duplicateKeys.first {
            throw JSONError.syntax(source: d.source, line: d.line, column: d.column,
                                   reason: "duplicate key \"\(d.keyPath)\" (each key may appear once)")
        }
        return value
    }
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
