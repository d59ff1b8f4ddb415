/// Turns stack items into value-typed `CheckpointValue` trees, iteratively (no recursion, so
/// hostile nesting cannot overflow the Swift stack), enforcing the nesting-depth and size limits,
/// and refusing self-referential containers.
extension Unpickler {
    private struct Converted {
        let value: CheckpointValue
        /// Container levels below and including this value (0 for scalars).
        let height: Int
        /// Values in the tree, shared sub-objects counted once per reference.
        let size: Int
    }

    private struct Frame {
        let node: PickleNode
        var next = 0
        var values: [CheckpointValue] = []
        var height = 0
        var size = 1
    }

    /// The value of `item`. Containers shared through the memo are converted once.
    func value(of item: PickleItem) throws -> CheckpointValue {
        var cache: [ObjectIdentifier: Converted] = [:]
        var inProgress = Set<ObjectIdentifier>()
        var frames: [Frame] = []

        // Starts converting `item`: a finished leaf, or nil after pushing a frame for a container.
        func begin(_ item: PickleItem) throws -> Converted? {
            conversionWork += 1
            guard conversionWork <= limits.maxValues else {
                throw malformed("pickle needs more than \(limits.maxValues) value conversions")
            }
            let resolved = try resolveArrays(item)
            guard case .node(let node) = resolved else { return Converted(value: try leaf(resolved), height: 0, size: 1) }
            let id = ObjectIdentifier(node)
            if let done = cache[id] {
                guard frames.count + done.height <= limits.maxNestingDepth else { throw tooDeep() }
                return done
            }
            guard !inProgress.contains(id) else { throw malformed("pickle holds a container that contains itself") }
            guard frames.count < limits.maxNestingDepth else { throw tooDeep() }
            inProgress.insert(id)
            frames.append(Frame(node: node))
            return nil
        }

        func add(_ child: Converted) throws -> CheckpointValue? {
            guard !frames.isEmpty else { return child.value }
            let i = frames.count - 1
            frames[i].values.append(child.value)
            frames[i].height = max(frames[i].height, child.height)
            frames[i].size += child.size
            guard frames[i].size <= limits.maxValues else {
                throw malformed("pickle expands to more than \(limits.maxValues) values")
            }
            return nil
        }

        if let done = try begin(item) { return done.value }
        // The top frame is read through its index, never copied: a copy would share `values` with the frame
        // and make every append copy the whole array (quadratic in a container's size).
        while !frames.isEmpty {
            let top = frames.count - 1
            let next = frames[top].next
            if next < frames[top].node.items.count {
                frames[top].next += 1
                if let child = try begin(frames[top].node.items[next]), let result = try add(child) { return result }
            } else {
                let frame = frames.removeLast()
                let id = ObjectIdentifier(frame.node)
                inProgress.remove(id)
                let done = Converted(value: try containerValue(frame.node.kind, frame.values),
                                     height: frame.height + 1, size: frame.size)
                cache[id] = done
                if let result = try add(done) { return result }
            }
        }
        throw malformed("internal: conversion ended without a value")
    }

    private func tooDeep() -> CheckpointError {
        malformed("pickle nests containers deeper than \(limits.maxNestingDepth) levels")
    }

    /// Replaces rebuilt ndarrays by their content.
    private func resolveArrays(_ item: PickleItem) throws -> PickleItem {
        var current = item
        for _ in 0..<64 {
            guard case .numpyArray(let array) = current else { return current }
            guard let content = array.content else { throw malformed("ndarray without state (no BUILD)") }
            current = content
        }
        throw malformed("ndarray content nests too deeply")
    }

    private func leaf(_ item: PickleItem) throws -> CheckpointValue {
        switch item {
        case .value(let v): return v
        case .global(let name): return .string(name)  // e.g. a storage type or dtype used as data
        case .numpyDType(let dtype): return .string(dtype.descr)
        case .mark, .node, .numpyArray: throw malformed("internal: \(item.kindName) is not a leaf")
        }
    }

    private func containerValue(_ kind: PickleNode.Kind, _ values: [CheckpointValue]) throws -> CheckpointValue {
        switch kind {
        case .list, .set: return .list(values)
        case .tuple: return .tuple(values)
        case .dict:
            guard values.count % 2 == 0 else { throw malformed("dict with an odd number of items") }
            return .dict(stride(from: 0, to: values.count, by: 2).map { (key: values[$0], value: values[$0 + 1]) })
        case .namespace:
            guard values.count % 2 == 0 else { throw malformed("Namespace with an odd number of items") }
            var attributes: [(name: String, value: CheckpointValue)] = []
            var position: [String: Int] = [:]
            for i in stride(from: 0, to: values.count, by: 2) {
                guard case .string(let name) = values[i] else { throw malformed("Namespace attribute name is not a string") }
                if let j = position[name] { attributes[j].value = values[i + 1] }
                else { position[name] = attributes.count; attributes.append((name: name, value: values[i + 1])) }
            }
            return .namespace(attributes)
        }
    }
}
