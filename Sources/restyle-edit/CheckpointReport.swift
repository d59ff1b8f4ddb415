import Checkpoints
import Foundation
import JSONCodec

/// What `inspect` shows of one file: the top-level structure, every tensor and the totals.
struct CheckpointReport {
    let path: String
    let stateDict: StateDict

    var parameterCount: Int { stateDict.tensors.reduce(0) { $0 + $1.tensor.count } }

    /// One line per top-level entry (`key: tensor float32 [18, 512]`, `key: dict (736 entries, 736 tensors)`),
    /// with small metadata containers such as `opts` expanded one level below their entry.
    var structureLines: [String] {
        let entries: [(String, CheckpointValue)]
        switch stateDict.root {
        case let .dict(items): entries = items.map { (Self.keyText($0.key), $0.value) }
        case let .namespace(items): entries = items.map { ($0.name, $0.value) }
        default: return ["(root): \(Self.summary(stateDict.root))"]
        }
        var lines: [String] = []
        for (key, value) in entries {
            lines.append("\(key): \(Self.summary(value))")
            for (k, v) in Self.metadataEntries(value) { lines.append("  \(k): \(Self.summary(v))") }
        }
        return lines
    }

    /// The entries of a small container that holds no tensors (e.g. `opts`), else none.
    static func metadataEntries(_ value: CheckpointValue) -> [(String, CheckpointValue)] {
        guard tensorCount(value) == 0 else { return [] }
        switch value {
        case let .dict(items) where items.count <= 200: return items.map { (keyText($0.key), $0.value) }
        case let .namespace(items) where items.count <= 200: return items.map { ($0.name, $0.value) }
        default: return []
        }
    }

    func text(includeTensors: Bool) -> String {
        var out = ["\(path)", "  structure:"]
        out += structureLines.map { "    \($0)" }
        if includeTensors && !stateDict.tensors.isEmpty {
            let rows = stateDict.tensors.map { ($0.key.isEmpty ? "(root)" : $0.key, $0.tensor.dtype.rawValue, Self.shapeText($0.tensor.shape), $0.tensor.device) }
            let kw = max(3, rows.map { $0.0.count }.max() ?? 0)
            let dw = max(5, rows.map { $0.1.count }.max() ?? 0)
            let sw = max(5, rows.map { $0.2.count }.max() ?? 0)
            func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
            out.append("  \(pad("key", kw))  \(pad("dtype", dw))  \(pad("shape", sw))  device")
            for r in rows { out.append("  \(pad(r.0, kw))  \(pad(r.1, dw))  \(pad(r.2, sw))  \(r.3)") }
        }
        out.append("  \(stateDict.tensors.count) tensors, \(parameterCount) parameters (\(Self.humanCount(parameterCount)))")
        return out.joined(separator: "\n")
    }

    func json(includeTensors: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("file", .string(path)),
            ("structure", Self.structureJSON(stateDict.root, depth: 0)),
            ("tensor_count", .int(Int64(stateDict.tensors.count))),
            ("parameter_count", .int(Int64(parameterCount))),
        ]
        if includeTensors {
            fields.append(("tensors", .array(stateDict.tensors.map { entry in
                .object(JSONObject([("key", .string(entry.key)), ("dtype", .string(entry.tensor.dtype.rawValue)),
                         ("shape", .array(entry.tensor.shape.map { .int(Int64($0)) })),
                         ("device", .string(entry.tensor.device))]))
            })))
        }
        return .object(JSONObject(fields))
    }

    // MARK: - Formatting

    static func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    static func humanCount(_ n: Int) -> String {
        if n >= 1_000_000_000 { return String(format: "%.2fG", Double(n) / 1e9) }
        if n >= 1_000_000 { return String(format: "%.2fM", Double(n) / 1e6) }
        if n >= 1_000 { return String(format: "%.1fk", Double(n) / 1e3) }
        return "\(n)"
    }

    static func keyText(_ key: CheckpointValue) -> String {
        switch key {
        case let .string(s): return s
        case let .int(i): return String(i)
        default: return summary(key)
        }
    }

    static func tensorCount(_ value: CheckpointValue) -> Int {
        switch value {
        case .tensor: return 1
        case let .list(xs), let .tuple(xs): return xs.reduce(0) { $0 + tensorCount($1) }
        case let .dict(items): return items.reduce(0) { $0 + tensorCount($1.value) }
        case let .namespace(items): return items.reduce(0) { $0 + tensorCount($1.value) }
        default: return 0
        }
    }

    /// A one-line description of a value.
    static func summary(_ value: CheckpointValue) -> String {
        switch value {
        case .none: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .int(i): return String(i)
        case let .float(d): return String(d)
        case let .string(s): return s.count > 60 ? "\"\(s.prefix(57))…\"" : "\"\(s)\""
        case let .bytes(b): return "bytes (\(b.count))"
        case let .list(xs): return "list (\(xs.count) items, \(tensorCount(value)) tensors)"
        case let .tuple(xs): return "tuple (\(xs.count) items, \(tensorCount(value)) tensors)"
        case let .dict(items): return "dict (\(items.count) entries, \(tensorCount(value)) tensors)"
        case let .namespace(items): return "Namespace (\(items.count) attributes)"
        case let .tensor(t): return "tensor \(t.dtype.rawValue) \(shapeText(t.shape))" + (t.device == "cpu" ? "" : " on \(t.device)")
        }
    }

    /// JSON of the structure: scalars as values, containers expanded up to two levels, tensors summarised.
    static func structureJSON(_ value: CheckpointValue, depth: Int) -> JSONValue {
        switch value {
        case .none: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(Int64(i))
        case let .float(d): return d.isFinite ? .double(d) : .string(String(d))
        case let .string(s): return .string(s)
        case .bytes, .tensor, .list, .tuple: 
            if case let .list(xs) = value, depth < 2, xs.count <= 16, tensorCount(value) == 0 {
                return .array(xs.map { structureJSON($0, depth: depth + 1) })
            }
            return .string(summary(value))
        case let .dict(items):
            if depth >= 2 || tensorCount(value) > 64 { return .string(summary(value)) }
            return .object(JSONObject(items.map { (keyText($0.key), structureJSON($0.value, depth: depth + 1)) }))
        case let .namespace(items):
            if depth >= 2 { return .string(summary(value)) }
            return .object(JSONObject(items.map { ($0.name, structureJSON($0.value, depth: depth + 1)) }))
        }
    }
}
