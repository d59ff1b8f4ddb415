/// The opcode interpreter. Each opcode only moves data between the input, the stack and the
/// memo; REDUCE/NEWOBJ/BUILD dispatch to allow-listed Swift closures.
extension Unpickler {
    func execute(_ op: PickleOpcode, at offset: Int) throws {
        switch op {
        case .proto:
            let version = try readByte()
            guard version <= 5 else {
                throw CheckpointError.unsupported(file: file, reason: "pickle protocol \(version) (at most 5 is known)")
            }
        case .frame:
            _ = try readLength(8)  // Frames are contiguous; the length only has to fit.
        case .stop:
            break  // Handled by load().

        // Stack structure.
        case .mark:
            guard stack.count + marks.count < limits.maxStackDepth else {
                throw malformed("pickle stack deeper than \(limits.maxStackDepth) items at byte \(offset)")
            }
            marks.append(stack.count)
        case .pop:
            if stack.count > (marks.last ?? 0) { stack.removeLast() } else { _ = try popMark() }
        case .popMark:
            _ = try popMark()
        case .dup:
            try push(try top())

        // Scalars.
        case .none: try push(.value(.none))
        case .newTrue: try push(.value(.bool(true)))
        case .newFalse: try push(.value(.bool(false)))
        case .binInt: try push(.value(.int(Int(Int32(bitPattern: try readUInt32())))))
        case .binInt1: try push(.value(.int(Int(try readByte()))))
        case .binInt2: try push(.value(.int(Int(try readUInt16()))))
        case .long1:
            let n = try readLength(1)
            try push(.value(.int(try decodeLong(try readBytes(n), at: offset))))
        case .long4:
            let n = try readLength(4)
            try push(.value(.int(try decodeLong(try readBytes(n), at: offset))))
        case .binFloat:
            let raw = try readBytes(8)
            var bits: UInt64 = 0
            for b in raw { bits = bits << 8 | UInt64(b) }  // big-endian
            try push(.value(.float(Double(bitPattern: bits))))

        // Strings and bytes.
        case .shortBinUnicode:
            let n = try readLength(1)
            try push(.value(.string(try decodeUTF8(try readBytes(n), at: offset))))
        case .binUnicode:
            let n = try readLength(4)
            try push(.value(.string(try decodeUTF8(try readBytes(n), at: offset))))
        case .binUnicode8:
            let n = try readLength(8)
            try push(.value(.string(try decodeUTF8(try readBytes(n), at: offset))))
        case .shortBinString, .binString:
            // Python 2 `str`: text when it is valid UTF-8 (as torch.load's encoding="utf-8"), else bytes.
            let n = try readLength(op == .shortBinString ? 1 : 4)
            let raw = try readBytes(n)
            if let s = String(validating: raw, as: UTF8.self) { try push(.value(.string(s))) }
            else { try push(.value(.bytes(Array(raw)))) }
        case .shortBinBytes:
            let n = try readLength(1)
            try push(.value(.bytes(Array(try readBytes(n)))))
        case .binBytes:
            let n = try readLength(4)
            try push(.value(.bytes(Array(try readBytes(n)))))
        case .binBytes8, .byteArray8:
            let n = try readLength(8)
            try push(.value(.bytes(Array(try readBytes(n)))))

        // Containers.
        case .emptyList: try push(.node(makeNode(.list)))
        case .emptyTuple: try push(.node(makeNode(.tuple)))
        case .emptyDict: try push(.node(makeNode(.dict)))
        case .emptySet: try push(.node(makeNode(.set)))
        case .list: try push(.node(makeNode(.list, items: try popMark())))
        case .tuple: try push(.node(makeNode(.tuple, items: try popMark())))
        case .frozenSet: try push(.node(makeNode(.set, items: try popMark())))
        case .tuple1:
            let a = try pop()
            try push(.node(makeNode(.tuple, items: [a])))
        case .tuple2:
            let b = try pop(), a = try pop()
            try push(.node(makeNode(.tuple, items: [a, b])))
        case .tuple3:
            let c = try pop(), b = try pop(), a = try pop()
            try push(.node(makeNode(.tuple, items: [a, b, c])))
        case .dict:
            let items = try popMark()
            guard items.count % 2 == 0 else { throw malformed("DICT with an odd number of items at byte \(offset)") }
            try push(.node(makeNode(.dict, items: items)))
        case .append:
            let v = try pop()
            try container(op, at: offset, .list, or: .set, adding: 1).items.append(v)
        case .appends:
            let items = try popMark()
            try container(op, at: offset, .list, or: .set, adding: items.count).items.append(contentsOf: items)
        case .addItems:
            let items = try popMark()
            try container(op, at: offset, .set, adding: items.count).items.append(contentsOf: items)
        case .setItem:
            let v = try pop(), k = try pop()
            let dict = try container(op, at: offset, .dict, adding: 2)
            dict.items.append(k)
            dict.items.append(v)
        case .setItems:
            let items = try popMark()
            guard items.count % 2 == 0 else { throw malformed("SETITEMS with an odd number of items at byte \(offset)") }
            try container(op, at: offset, .dict, adding: items.count).items.append(contentsOf: items)

        // Memo.
        case .binPut: try memoPut(Int(try readByte()))
        case .longBinPut: try memoPut(Int(try readUInt32()))
        case .memoize: try memoPut(memo.count)
        case .binGet: try memoGet(Int(try readByte()), at: offset)
        case .longBinGet: try memoGet(Int(try readUInt32()), at: offset)

        // Objects: only through the allow-list.
        case .global:
            let module = try readLine()
            let name = try readLine()
            try push(.global(try allowedGlobal(module: module, name: name)))
        case .stackGlobal:
            let nameItem = try pop(), moduleItem = try pop()
            guard case .value(.string(let name)) = nameItem, case .value(.string(let module)) = moduleItem else {
                throw malformed("STACK_GLOBAL needs two strings at byte \(offset)")
            }
            try push(.global(try allowedGlobal(module: module, name: name)))
        case .reduce:
            let args = try pop(), callable = try pop()
            try push(try call(callable, arguments: args, at: offset))
        case .newObj:
            let args = try pop(), cls = try pop()
            try push(try call(cls, arguments: args, at: offset))
        case .newObjEx:
            let kwargs = try pop(), args = try pop(), cls = try pop()
            guard case .node(let k) = kwargs, k.kind == .dict, k.items.isEmpty else {
                throw malformed("NEWOBJ_EX with keyword arguments at byte \(offset)")
            }
            try push(try call(cls, arguments: args, at: offset))
        case .build:
            let state = try pop()
            try build(try top(), state: state, at: offset)
        case .binPersId:
            let pid = try pop()
            guard let persistentLoad else {
                throw CheckpointError.forbiddenOpcode(file: file, opcode: op.rawValue, offset: offset)
            }
            let id = try value(of: pid)
            let loaded = try persistentLoad(id)
            recordStorageKey(id: id, loaded: loaded)
            try push(.value(loaded))
        }
    }

    /// The container on top of the stack, which must be a `kind` (or `other`) with room for `adding` more items
    /// (`PickleLimits.maxContainerItems`). No array of kinds is built: this runs once per APPEND/SETITEM.
    private func container(_ op: PickleOpcode, at offset: Int, _ kind: PickleNode.Kind, or other: PickleNode.Kind? = nil,
                           adding: Int) throws -> PickleNode {
        let target = try top()
        guard case .node(let node) = target, node.kind == kind || node.kind == other else {
            throw malformed("opcode \(op) at byte \(offset) applied to a \(target.kindName)")
        }
        guard node.items.count + adding <= limits.maxContainerItems else {
            throw malformed("a \(node.kind.rawValue) grows past \(limits.maxContainerItems) items (keys and values counted) at byte \(offset)")
        }
        return node
    }

    private func memoPut(_ index: Int) throws {
        guard memo.count < limits.maxMemoEntries || memo[index] != nil else {
            throw malformed("pickle memo exceeds \(limits.maxMemoEntries) entries")
        }
        memo[index] = try top()
    }

    private func memoGet(_ index: Int, at offset: Int) throws {
        guard let item = memo[index] else { throw malformed("memo key \(index) used before being set at byte \(offset)") }
        try push(item)
    }

    /// Remembers which torch storage key a persistent id resolved to (for bounds-error messages).
    private func recordStorageKey(id: CheckpointValue, loaded: CheckpointValue) {
        guard case .tuple(let parts) = id, parts.count >= 3, case .string(let key) = parts[2],
              case .tensor(let storage) = loaded else { return }
        storageKeys[StorageID(region: ObjectIdentifier(storage.storage), byteOffset: storage.byteOffset)] = key
    }

    func storageKey(of storage: StoredTensor) -> String? {
        storageKeys[StorageID(region: ObjectIdentifier(storage.storage), byteOffset: storage.byteOffset)]
    }
}
