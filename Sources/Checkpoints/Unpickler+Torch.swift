/// Allow-listed torch globals: tensor/parameter rebuilds over storages from persistent ids,
/// storage types and dtypes as data, `torch.Size`, `torch.device`.
extension Unpickler {
    static var torchGlobals: [String: Reducer] {
        var table: [String: Reducer] = [
            "torch._utils._rebuild_tensor_v2": { args, u in try u.rebuildTensor(args) },
            "torch._utils._rebuild_tensor": { args, u in try u.rebuildTensor(args) },
            "torch._utils._rebuild_parameter": { args, u in try u.rebuildParameter(args) },
            "torch._utils._rebuild_parameter_with_state": { args, u in try u.rebuildParameter(args) },
            "torch.Size": { args, u in
                guard let first = args.first else { return .value(.tuple([])) }
                return .value(.tuple(try u.intList(first, what: "torch.Size")))
            },
            "torch.device": { args, u in
                let parts = try args.map { try u.value(of: $0) }
                guard case .string(let type)? = parts.first else { throw u.malformed("torch.device needs a string") }
                if parts.count > 1, case .int(let index) = parts[1] { return .value(.string("\(type):\(index)")) }
                return .value(.string(type))
            },
            "torch.serialization._get_layout": { args, u in
                guard case .value(.string(let name))? = args.first else { throw u.malformed("_get_layout needs a string") }
                return .value(.string(name))
            },
            "torch.storage.UntypedStorage": valueOnly("torch.storage.UntypedStorage"),
            "torch.UntypedStorage": valueOnly("torch.UntypedStorage"),
        ]
        for name in TorchStorageType.storageNames {
            table["torch.\(name)"] = valueOnly("torch.\(name)")
            table["torch.cuda.\(name)"] = valueOnly("torch.cuda.\(name)")
        }
        for name in TorchStorageType.dtypeNames { table["torch.\(name)"] = valueOnly("torch.\(name)") }
        return table
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`
    /// and `_rebuild_tensor(storage, storage_offset, size, stride)`: a view of the storage.
    private func rebuildTensor(_ args: [PickleItem]) throws -> PickleItem {
        guard args.count >= 4 else { throw malformed("_rebuild_tensor with \(args.count) arguments") }
        guard case .tensor(let storage) = try value(of: args[0]) else {
            throw malformed("_rebuild_tensor: first argument is a \(args[0].kindName), not a storage")
        }
        guard case .int(let offset) = try value(of: args[1]) else { throw malformed("_rebuild_tensor: bad storage offset") }
        let shape = try intList(args[2], what: "size").map { v -> Int in
            guard case .int(let i) = v else { throw malformed("_rebuild_tensor: size is not a list of ints") }
            return i
        }
        let strides = try intList(args[3], what: "stride").map { v -> Int in
            guard case .int(let i) = v else { throw malformed("_rebuild_tensor: stride is not a list of ints") }
            return i
        }
        return .value(.tensor(try view(of: storage, offset: offset, shape: shape, strides: strides)))
    }

    /// `_rebuild_parameter(data, requires_grad, backward_hooks[, state])`: the data tensor.
    private func rebuildParameter(_ args: [PickleItem]) throws -> PickleItem {
        guard let first = args.first, case .value(.tensor) = first else {
            throw malformed("_rebuild_parameter: first argument is not a tensor")
        }
        return first
    }

    /// The elements of a tuple/list of ints (as values).
    func intList(_ item: PickleItem, what: String) throws -> [CheckpointValue] {
        guard let items = try value(of: item).asList else { throw malformed("\(what) is a \(item.kindName), not a tuple") }
        for v in items { guard case .int = v else { throw malformed("\(what) holds a \(v.kindName), not an int") } }
        return items
    }

    /// A strided view of a 1-D storage tensor, bounds-checked against the storage length.
    func view(of storage: StoredTensor, offset: Int, shape: [Int], strides: [Int]) throws -> StoredTensor {
        let key = storageKey(of: storage).map { "storage '\($0)'" } ?? "its storage"
        let numel = storage.shape.first ?? 0
        let describe = "tensor (storage offset \(offset), shape \(shape), strides \(strides))"
        guard shape.count == strides.count else { throw malformed("\(describe): shape and strides differ in rank") }
        guard offset >= 0, shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw malformed("\(describe): negative offset, extent or stride in \(key)")
        }
        // Extents multiply (zeros as 1) into element counts and sizes: their product must fit even for an empty tensor.
        guard ShapeArithmetic.stridedSpan(shape, elementSize: storage.dtype.byteSize) != nil else {
            throw malformed("\(describe): shape overflows a 64-bit size in \(key)")
        }
        if !shape.contains(0) {
            // Largest element index touched: offset + Σ (size − 1)·stride, overflow-checked.
            var last = offset
            for (n, s) in zip(shape, strides) {
                let (step, o1) = (n - 1).multipliedReportingOverflow(by: s)
                let (sum, o2) = last.addingReportingOverflow(step)
                guard !o1, !o2 else { throw malformed("\(describe): extent overflows in \(key)") }
                last = sum
            }
            guard last < numel else {
                throw malformed("\(describe) reaches element \(last) but \(key) holds \(numel) elements")
            }
        } else if offset > numel {
            throw malformed("\(describe): offset beyond \(key) of \(numel) elements")
        }
        return StoredTensor(dtype: storage.dtype, shape: shape, strides: strides, storage: storage.storage,
                            byteOffset: storage.byteOffset + offset * storage.dtype.byteSize,
                            device: storage.device, file: storage.file)
    }
}
