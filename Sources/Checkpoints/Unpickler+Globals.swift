/// The allow-list: the only globals a pickle may name, each rebuilt by a Swift closure.
/// Nothing outside this table is ever resolved, imported or called.
extension Unpickler {
    /// Rebuilds an object from the arguments of REDUCE/NEWOBJ (the items of the argument tuple).
    typealias Reducer = @Sendable (_ arguments: [PickleItem], _ unpickler: Unpickler) throws -> PickleItem

    /// Allowed globals keyed "module.name".
    static let allowedGlobals: [String: Reducer] = {
        var table: [String: Reducer] = [
            "collections.OrderedDict": { args, u in try u.newDict(args) },
            "builtins.set": { args, u in try u.newSet(args) },
            "builtins.frozenset": { args, u in try u.newSet(args) },
            "argparse.Namespace": { _, u in .node(u.makeNode(.namespace)) },
            "_codecs.encode": { args, u in try u.codecsEncode(args) },
        ]
        for (name, reducer) in torchGlobals { table[name] = reducer }
        for (name, reducer) in numpyGlobals { table[name] = reducer }
        return table
    }()

    /// Every allowed global, sorted (for documentation and tests).
    public static var allowedGlobalNames: [String] { allowedGlobals.keys.sorted() }

    /// A global that may appear as data (e.g. a storage type or dtype) but is never called.
    static func valueOnly(_ name: String) -> Reducer {
        { _, u in throw u.malformed("'\(name)' is not callable") }
    }

    /// Python 2 module names that protocol 0–2 pickles use, mapped as Python 3's `fix_imports` does.
    static let python2Modules = ["__builtin__": "builtins", "copy_reg": "copyreg", "commands": "subprocess",
                                 "exceptions": "builtins", "cPickle": "pickle", "UserDict": "collections"]

    /// The "module.name" key for an allowed global; any other name is refused.
    func allowedGlobal(module: String, name: String) throws -> String {
        let key = "\(Unpickler.python2Modules[module] ?? module).\(name)"
        guard Unpickler.allowedGlobals[key] != nil else {
            throw CheckpointError.forbiddenGlobal(file: file, global: key)
        }
        return key
    }

    /// REDUCE / NEWOBJ: `callable` must be an allowed global, `arguments` a tuple.
    func call(_ callable: PickleItem, arguments: PickleItem, at offset: Int) throws -> PickleItem {
        guard case .global(let name) = callable, let reducer = Unpickler.allowedGlobals[name] else {
            throw malformed("call of a \(callable.kindName) at byte \(offset)")
        }
        let args: [PickleItem]
        switch arguments {
        case .node(let node) where node.kind == .tuple: args = node.items
        case .value(.tuple(let values)): args = values.map { .value($0) }
        case .value(.none): args = []
        default: throw malformed("arguments of '\(name)' at byte \(offset) are a \(arguments.kindName), not a tuple")
        }
        return try reducer(args, self)
    }

    /// BUILD: sets the state of the object on top of the stack.
    func build(_ target: PickleItem, state: PickleItem, at offset: Int) throws {
        switch target {
        case .node(let node) where node.kind == .namespace:
            // argparse.Namespace: state is its __dict__ (or (__dict__, slots)).
            var dictState = state
            if case .node(let t) = state, t.kind == .tuple, let first = t.items.first { dictState = first }
            switch dictState {
            case .node(let d) where d.kind == .dict: node.items.append(contentsOf: d.items)
            case .value(.none): break
            default: throw malformed("Namespace state at byte \(offset) is a \(dictState.kindName)")
            }
        case .node(let node) where node.kind == .dict:
            break  // OrderedDict attributes such as `_metadata` of a state_dict: not needed.
        case .value(.tensor):
            break  // Tensor attributes (e.g. from `_rebuild_parameter_with_state`): not needed.
        case .numpyDType(let dtype):
            try buildNumPyDType(dtype, state: state, at: offset)
        case .numpyArray(let array):
            try buildNumPyArray(array, state: state, at: offset)
        default:
            throw malformed("BUILD on a \(target.kindName) at byte \(offset)")
        }
    }

    // MARK: - Builtins

    private func newDict(_ args: [PickleItem]) throws -> PickleItem {
        let node = makeNode(.dict)
        if let first = args.first {
            // OrderedDict([(k, v), ...]).
            guard case .node(let pairs) = first, pairs.kind == .list || pairs.kind == .tuple else {
                throw malformed("OrderedDict argument is a \(first.kindName)")
            }
            for pair in pairs.items {
                guard case .node(let p) = pair, p.kind == .tuple || p.kind == .list, p.items.count == 2 else {
                    throw malformed("OrderedDict item is not a pair")
                }
                node.items.append(contentsOf: p.items)
            }
        }
        return .node(node)
    }

    private func newSet(_ args: [PickleItem]) throws -> PickleItem {
        let node = makeNode(.set)
        if let first = args.first {
            guard case .node(let items) = first, items.kind != .dict, items.kind != .namespace else {
                throw malformed("set argument is a \(first.kindName)")
            }
            node.items = items.items
        }
        return .node(node)
    }

    /// `_codecs.encode(text, "latin1")`: how protocol-2 pickles store `bytes`.
    private func codecsEncode(_ args: [PickleItem]) throws -> PickleItem {
        guard let first = args.first, case .value(.string(let text)) = first else {
            throw malformed("_codecs.encode needs a string")
        }
        var encoding = "utf-8"
        if args.count > 1, case .value(.string(let e)) = args[1] { encoding = e.lowercased() }
        switch encoding {
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1":
            var out: [UInt8] = []
            out.reserveCapacity(text.unicodeScalars.count)
            for scalar in text.unicodeScalars {
                guard scalar.value <= 0xFF else { throw malformed("_codecs.encode: character beyond latin-1") }
                out.append(UInt8(scalar.value))
            }
            return .value(.bytes(out))
        case "utf-8", "utf8":
            return .value(.bytes(Array(text.utf8)))
        default:
            throw CheckpointError.unsupported(file: file, reason: "_codecs.encode with encoding '\(encoding)'")
        }
    }
}
