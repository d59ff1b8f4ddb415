/// Typed, path-aware access to a JSON object read from a file: every error names the source
/// and the key path (`manifest.json: key "provenance.samples": expected integer, found string "x"`).
///
///     let manifest = try JSONObjectReader(try JSONValue.parse(contentsOf: url), source: url.path)
///     try manifest.rejectUnknownKeys(allowed: ["name", "layers", "strength_range"])
///     let name = try manifest.require("name", as: String.self)
///     let range = try manifest.optional("strength_range", as: [Double].self) ?? [-5, 5]
///     let samples = try manifest.optionalObject("provenance")?.optional("samples", as: Int.self)
public struct JSONObjectReader: Sendable, JSONReadable {
    /// The object being read.
    public let object: JSONObject
    /// Its source and key path.
    public let context: JSONContext

    /// Reads `value` as an object; throws a type mismatch naming `source` and `keyPath` otherwise.
    public init(_ value: JSONValue, source: String, keyPath: String = "") throws {
        try self.init(value, at: JSONContext(source: source, keyPath: keyPath))
    }

    public init(_ value: JSONValue, at context: JSONContext) throws {
        guard case .object(let o) = value else { throw context.typeMismatch(expected: "object", found: value) }
        self.object = o
        self.context = context
    }

    public static var jsonExpectation: String { "object" }
    public static func read(_ value: JSONValue, at context: JSONContext) throws -> JSONObjectReader {
        try JSONObjectReader(value, at: context)
    }

    public var source: String { context.source }
    public var keyPath: String { context.keyPath }
    /// Keys in document order.
    public var keys: [String] { object.keys }
    public func contains(_ key: String) -> Bool { object[key] != nil }

    /// The value of a key that must be present and not null.
    public func require<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = object[key] else {
            throw JSONError.missingKey(source: source, keyPath: context.appending(key).keyPath)
        }
        if value.isNull, T.self != JSONValue.self {
            throw context.appending(key).typeMismatch(expected: T.jsonExpectation, found: value)
        }
        return try T.read(value, at: context.appending(key))
    }

    /// The value of an optional key: nil when absent or null, an error when of the wrong type.
    public func optional<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = object[key], !value.isNull else { return nil }
        return try T.read(value, at: context.appending(key))
    }

    /// A nested object that must be present.
    public func requireObject(_ key: String) throws -> JSONObjectReader { try require(key, as: JSONObjectReader.self) }

    /// A nested object, or nil when absent or null.
    public func optionalObject(_ key: String) throws -> JSONObjectReader? { try optional(key, as: JSONObjectReader.self) }

    /// Throws `JSONError.unknownKeys` listing every key not in `allowed` (in document order)
    /// and the allowed keys (in the order given).
    public func rejectUnknownKeys<C: Collection>(allowed: C) throws where C.Element == String {
        let allowedSet = Set(allowed)
        let unknown = object.keys.filter { !allowedSet.contains($0) }
        if !unknown.isEmpty {
            throw JSONError.unknownKeys(source: source, keyPath: keyPath, unknown: unknown, allowed: Array(allowed))
        }
    }

    /// The context of a member, for errors the caller raises about it (`invalidValue`).
    public func context(for key: String) -> JSONContext { context.appending(key) }
}

extension JSONValue {
    /// `try value.require("layers", as: String.self, at: "manifest.json")`: this value must be an
    /// object holding `key`.
    public func require<T: JSONReadable>(_ key: String, as type: T.Type = T.self, at source: String) throws -> T {
        try JSONObjectReader(self, source: source).require(key, as: type)
    }

    /// Optional member of this object value: nil when absent or null.
    public func optional<T: JSONReadable>(_ key: String, as type: T.Type = T.self, at source: String) throws -> T? {
        try JSONObjectReader(self, source: source).optional(key, as: type)
    }

    /// This whole value read as `T`, with errors naming `source`.
    public func decode<T: JSONReadable>(as type: T.Type = T.self, at source: String) throws -> T {
        try T.read(self, at: JSONContext(source: source))
    }
}
