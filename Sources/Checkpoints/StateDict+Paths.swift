/// Dotted-path enumeration and lookup over a checkpoint tree.
extension StateDict {
    /// Every tensor under `root` with its dotted path, depth-first in stored order (iterative).
    static func collectTensors(_ root: CheckpointValue) -> [(key: String, tensor: StoredTensor)] {
        var result: [(key: String, tensor: StoredTensor)] = []
        var pending: [(path: String, value: CheckpointValue)] = [("", root)]
        func join(_ parent: String, _ component: String) -> String {
            parent.isEmpty ? component : parent + "." + component
        }
        while let (path, value) = pending.popLast() {
            switch value {
            case .tensor(let t):
                result.append((key: path, tensor: t))
            case .dict(let entries):
                for entry in entries.reversed() { pending.append((join(path, keyText(entry.key)), entry.value)) }
            case .namespace(let attributes):
                for a in attributes.reversed() { pending.append((join(path, a.name), a.value)) }
            case .list(let items), .tuple(let items):
                for (i, item) in items.enumerated().reversed() { pending.append((join(path, String(i)), item)) }
            default:
                break
            }
        }
        return result
    }

    /// A dict key as a path component.
    static func keyText(_ key: CheckpointValue) -> String {
        if let s = key.pathComponent { return s }
        switch key {
        case .float(let d): return String(d)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        default: return "<\(key.kindName)>"
        }
    }

    /// The value at `path` below `value`; dict keys containing dots are matched whole.
    static func find(_ path: Substring, in value: CheckpointValue) -> CheckpointValue? {
        if path.isEmpty { return value }
        func descend(_ key: String, _ child: CheckpointValue) -> CheckpointValue? {
            if path == key { return child }
            if path.count > key.count, path.hasPrefix(key), path[path.index(path.startIndex, offsetBy: key.count)] == "." {
                return find(path.dropFirst(key.count + 1), in: child)
            }
            return nil
        }
        switch value {
        case .dict(let entries):
            for entry in entries {
                if let found = descend(keyText(entry.key), entry.value) { return found }
            }
        case .namespace(let attributes):
            for a in attributes {
                if let found = descend(a.name, a.value) { return found }
            }
        case .list(let items), .tuple(let items):
            let head = path.prefix { $0 != "." }
            guard let i = Int(head), items.indices.contains(i) else { return nil }
            return descend(String(head), items[i])
        default:
            break
        }
        return nil
    }
}
