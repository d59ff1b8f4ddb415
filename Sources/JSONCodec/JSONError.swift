import Foundation

/// Errors from parsing, reading and typed access. Every message starts with the source
/// (usually a file path) and, where it applies, the line:column or the key path.
public enum JSONError: Error, Equatable, CustomStringConvertible {
    /// Malformed text: `<source>:<line>:<column>: <reason>` (json-c's reason where it found the error).
    case syntax(source: String, line: Int, column: Int, reason: String)
    /// The file could not be read.
    case unreadable(source: String, reason: String)
    /// A required key is absent.
    case missingKey(source: String, keyPath: String)
    /// A value has the wrong JSON type (or is out of range for the requested Swift type).
    case typeMismatch(source: String, keyPath: String, expected: String, found: String)
    /// An object holds keys that are not allowed.
    case unknownKeys(source: String, keyPath: String, unknown: [String], allowed: [String])
    /// A value of the right type that the caller rejected (e.g. out of a valid range).
    case invalidValue(source: String, keyPath: String, reason: String)

    public var description: String {
        switch self {
        case let .syntax(source, line, column, reason):
            return "\(source):\(line):\(column): \(reason)"
        case let .unreadable(source, reason):
            return "\(source): cannot read: \(reason)"
        case let .missingKey(source, keyPath):
            return "\(source): missing required key \"\(keyPath)\""
        case let .typeMismatch(source, keyPath, expected, found):
            return "\(source): \(JSONKeyPath.describe(keyPath)): expected \(expected), found \(found)"
        case let .unknownKeys(source, keyPath, unknown, allowed):
            let where_ = keyPath.isEmpty ? "" : " in \"\(keyPath)\""
            let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(source): unknown key\(unknown.count == 1 ? "" : "s") \(list)\(where_); allowed: "
                + allowed.joined(separator: ", ")
        case let .invalidValue(source, keyPath, reason):
            return "\(source): \(JSONKeyPath.describe(keyPath)): \(reason)"
        }
    }
}

/// Key paths in messages: `provenance.samples`, `strength_range[1]`, `layers["odd key"]`;
/// the empty path is the top-level value.
public enum JSONKeyPath {
    /// `base` extended by an object key.
    public static func appending(_ key: String, to base: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-")
        }
        if plain { return base.isEmpty ? key : base + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return base + "[\"" + escaped + "\"]"
    }

    /// `base` extended by an array index.
    public static func appending(index: Int, to base: String) -> String { base + "[\(index)]" }

    /// `key "a.b"` or `top level` for messages.
    public static func describe(_ keyPath: String) -> String {
        keyPath.isEmpty ? "top level" : "key \"\(keyPath)\""
    }
}
