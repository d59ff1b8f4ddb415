/// Where a value sits, for error messages: the source (file) and the key path inside it.
public struct JSONContext: Sendable, Equatable {
    public let source: String
    public let keyPath: String

    public init(source: String, keyPath: String = "") {
        self.source = source
        self.keyPath = keyPath
    }

    public func appending(_ key: String) -> JSONContext {
        JSONContext(source: source, keyPath: JSONKeyPath.appending(key, to: keyPath))
    }

    public func appending(index: Int) -> JSONContext {
        JSONContext(source: source, keyPath: JSONKeyPath.appending(index: index, to: keyPath))
    }

    /// A type-mismatch error at this path.
    public func typeMismatch(expected: String, found value: JSONValue) -> JSONError {
        .typeMismatch(source: source, keyPath: keyPath, expected: expected, found: value.kindDescription)
    }

    /// An invalid-value error at this path, for checks made by the caller.
    public func invalidValue(_ reason: String) -> JSONError {
        .invalidValue(source: source, keyPath: keyPath, reason: reason)
    }
}

/// A Swift type that typed accessors can read from a JSON value.
public protocol JSONReadable {
    /// What the JSON must hold, for messages: "string", "integer", "array of numbers".
    static var jsonExpectation: String { get }
    /// Reads `value`; throws `JSONError.typeMismatch` (or another `JSONError`) naming `context`.
    static func read(_ value: JSONValue, at context: JSONContext) throws -> Self
}

extension String: JSONReadable {
    public static var jsonExpectation: String { "string" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> String {
        guard case .string(let s) = value else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return s
    }
}

extension Bool: JSONReadable {
    public static var jsonExpectation: String { "boolean" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> Bool {
        guard case .bool(let b) = value else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return b
    }
}

extension Int64: JSONReadable {
    public static var jsonExpectation: String { "integer" }
    /// Integers, and doubles with an exact integral value (`20000.0`).
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> Int64 {
        guard let i = value.int64Value else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return i
    }
}

extension Int: JSONReadable {
    public static var jsonExpectation: String { "integer" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> Int {
        guard let i = value.int64Value.flatMap({ Int(exactly: $0) }) else {
            throw context.typeMismatch(expected: jsonExpectation, found: value)
        }
        return i
    }
}

extension Double: JSONReadable {
    public static var jsonExpectation: String { "number" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> Double {
        guard let d = value.doubleValue else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return d
    }
}

extension Float: JSONReadable {
    public static var jsonExpectation: String { "number" }
    /// Rounds to the nearest Float; values beyond Float's range are a type mismatch.
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> Float {
        guard let d = value.doubleValue, Float(d).isFinite else {
            throw context.typeMismatch(expected: "number within Float range", found: value)
        }
        return Float(d)
    }
}

extension JSONValue: JSONReadable {
    public static var jsonExpectation: String { "any value" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> JSONValue { value }
}

extension JSONObject: JSONReadable {
    public static var jsonExpectation: String { "object" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> JSONObject {
        guard case .object(let o) = value else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return o
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    public static var jsonExpectation: String {
        let inner = Element.jsonExpectation
        if inner == "any value" { return "array" }
        return "array of " + (inner.hasSuffix("y") ? inner.dropLast() + "ies" : inner + "s")
    }
    /// Each element is read at `path[i]`, so a bad element is reported with its index.
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> [Element] {
        guard case .array(let elements) = value else { throw context.typeMismatch(expected: jsonExpectation, found: value) }
        return try elements.enumerated().map { try Element.read($0.element, at: context.appending(index: $0.offset)) }
    }
}
