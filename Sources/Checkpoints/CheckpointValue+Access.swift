/// Typed accessors for metadata in a checkpoint tree (e.g. `opts`).
extension CheckpointValue {
    /// The string, or nil.
    public var asString: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer (booleans count as 0/1, as in Python), or nil.
    public var asInt: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The number as a Double (ints widen), or nil.
    public var asDouble: Double? {
        switch self {
        case .float(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    /// The boolean, or nil.
    public var asBool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of a list or tuple, or nil.
    public var asList: [CheckpointValue]? {
        switch self {
        case .list(let items), .tuple(let items): return items
        default: return nil
        }
    }

    /// The stored tensor, or nil.
    public var asTensor: StoredTensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// The entries of a dict or namespace whose keys are strings (ints are written in decimal), in order.
    public var asDict: [(key: String, value: CheckpointValue)]? {
        switch self {
        case .dict(let entries):
            return entries.compactMap { e in e.key.pathComponent.map { (key: $0, value: e.value) } }
        case .namespace(let attributes):
            return attributes.map { (key: $0.name, value: $0.value) }
        default: return nil
        }
    }

    /// The value under a string key of a dict or an attribute of a namespace, or nil.
    public subscript(key: String) -> CheckpointValue? {
        switch self {
        case .dict(let entries):
            return entries.first { $0.key.pathComponent == key }?.value
        case .namespace(let attributes):
            return attributes.first { $0.name == key }?.value
        default: return nil
        }
    }

    /// The key as it appears in a dotted path: strings as-is, integers in decimal; nil for other keys.
    var pathComponent: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return nil
        }
    }

    /// The kind of value, for messages and listings ("dict", "tensor", "int", …).
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .namespace: return "Namespace"
        case .tensor: return "tensor"
        }
    }
}
