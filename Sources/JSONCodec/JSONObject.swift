/// A JSON object whose keys keep their insertion (document) order. Keys are unique: setting an
/// existing key replaces its value in place, keeping the key's position.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Keys in order.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    /// Members in order; a repeated key keeps its first position and takes the last value.
    public init<S: Sequence>(_ members: S) where S.Element == (String, JSONValue) {
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Reading: the value or nil. Writing a value appends a new key or replaces in place;
    /// writing nil removes the key.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Members in key order.
    public var members: [(key: String, value: JSONValue)] { keys.map { ($0, storage[$0]!) } }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    /// A copy whose keys (and those of nested objects) are sorted by their UTF-8 bytes.
    public func sortedRecursively() -> JSONObject {
        var sorted = JSONObject()
        for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            sorted[key] = storage[key]!.sortedKeysRecursively()
        }
        return sorted
    }

    /// Same keys in the same order with equal values.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.storage == rhs.storage
    }
}

extension JSONValue {
    /// A copy in which every object's keys are sorted by their UTF-8 bytes.
    public func sortedKeysRecursively() -> JSONValue {
        switch self {
        case .object(let o): return .object(o.sortedRecursively())
        case .array(let a): return .array(a.map { $0.sortedKeysRecursively() })
        default: return self
        }
    }
}
