/// Allow-listed NumPy globals, as written when arrays are pickled (object arrays in `.npy`,
/// `np.float64` scalars, …): `_reconstruct` + BUILD, `dtype` + BUILD, `scalar`, `_frombuffer`.
extension Unpickler {
    static var numpyGlobals: [String: Reducer] {
        var table: [String: Reducer] = [
            "numpy.ndarray": valueOnly("numpy.ndarray"),
            "numpy.dtype": { args, u in try u.newNumPyDType(args) },
        ]
        for module in ["numpy.core", "numpy._core"] {
            table["\(module).multiarray._reconstruct"] = { args, u in try u.reconstructNumPyArray(args) }
            table["\(module).multiarray.scalar"] = { args, u in try u.numpyScalar(args) }
            table["\(module).numeric._frombuffer"] = { args, u in try u.numpyFromBuffer(args) }
        }
        return table
    }

    /// Element type of a NumPy type string such as "f4", "<f8", "i8", "b1"; nil for objects ("O8").
    func numpyElementType(_ descr: String) throws -> DType? {
        var code = Substring(descr)
        if let first = code.first, "<>|=".contains(first) { code = code.dropFirst() }
        switch code {
        case "f2", "e": return .float16
        case "f4", "f": return .float32
        case "f8", "d": return .float64
        case "i8", "q", "l": return .int64
        case "i4", "i": return .int32
        case "i2", "h": return .int16
        case "i1", "b": return .int8
        case "u1", "B": return .uint8
        case "b1", "?": return .bool
        case "O", "O4", "O8": return nil
        default:
            throw CheckpointError.unsupported(file: file, reason: "NumPy element type '\(descr)'")
        }
    }

    private func newNumPyDType(_ args: [PickleItem]) throws -> PickleItem {
        guard case .value(.string(let descr))? = args.first else { throw malformed("numpy.dtype needs a type string") }
        _ = try numpyElementType(descr)  // Refuse unknown types early.
        let dtype = NumPyDTypeObject(descr: descr)
        if let order = descr.first, "<>|=".contains(order) { dtype.byteOrder = String(order) }
        return .numpyDType(dtype)
    }

    /// dtype state: `(version, byteorder, subdescr, names, fields, elsize, alignment, flags)`.
    func buildNumPyDType(_ dtype: NumPyDTypeObject, state: PickleItem, at offset: Int) throws {
        guard let parts = try value(of: state).asList, parts.count >= 2, case .string(let order) = parts[1] else {
            throw malformed("numpy.dtype state at byte \(offset) is not (version, byteorder, …)")
        }
        if parts.count > 3, case .tuple = parts[3] {
            throw CheckpointError.unsupported(file: file, reason: "structured NumPy dtypes")
        }
        dtype.byteOrder = order
    }

    private func reconstructNumPyArray(_ args: [PickleItem]) throws -> PickleItem {
        guard case .global("numpy.ndarray")? = args.first else {
            throw malformed("_reconstruct of something other than numpy.ndarray")
        }
        return .numpyArray(makeArrayObject())
    }

    /// ndarray state: `(version, shape, dtype, is_fortran, data)` (version 0 omits the version).
    func buildNumPyArray(_ array: NumPyArrayObject, state: PickleItem, at offset: Int) throws {
        guard case .node(let node) = state, node.kind == .tuple, node.items.count == 5 || node.items.count == 4 else {
            throw malformed("ndarray state at byte \(offset) is not (version, shape, dtype, is_fortran, data)")
        }
        let parts = node.items.count == 5 ? Array(node.items.dropFirst()) : node.items
        let shape = try intList(parts[0], what: "ndarray shape").map { v -> Int in
            guard case .int(let i) = v, i >= 0 else { throw malformed("ndarray shape has a negative extent") }
            return i
        }
        guard case .numpyDType(let dtype) = parts[1] else { throw malformed("ndarray dtype is a \(parts[1].kindName)") }
        guard case .bool(let fortran) = try value(of: parts[2]) else { throw malformed("ndarray is_fortran is not a bool") }
        let count = try elementCount(shape)
        if let element = try numpyElementType(dtype.descr) {
            guard case .value(.bytes(let raw)) = parts[3] else { throw malformed("ndarray data is a \(parts[3].kindName)") }
            array.content = .value(.tensor(try numpyTensor(raw, element: element, byteOrder: dtype.byteOrder,
                                                          shape: shape, fortran: fortran, count: count)))
        } else {
            // Object array: the data is a list of the elements.
            guard case .node(let list) = parts[3], list.kind == .list, list.items.count == count else {
                throw malformed("object ndarray data does not hold \(count) elements")
            }
            array.content = shape.isEmpty ? list.items[0] : nestedList(list.items, shape: shape)
        }
    }

    /// `scalar(dtype, bytes)`: a NumPy scalar such as `np.float64(2.5)`.
    private func numpyScalar(_ args: [PickleItem]) throws -> PickleItem {
        guard args.count == 2, case .numpyDType(let dtype) = args[0], case .value(.bytes(let raw)) = args[1],
              let element = try numpyElementType(dtype.descr) else {
            throw malformed("numpy scalar needs (dtype, bytes)")
        }
        let tensor = try numpyTensor(raw, element: element, byteOrder: dtype.byteOrder, shape: [], fortran: false, count: 1)
        return .value(try tensor.scalarValue())
    }

    /// `_frombuffer(buffer, dtype, shape, order)` (protocol-5 pickles of contiguous arrays).
    private func numpyFromBuffer(_ args: [PickleItem]) throws -> PickleItem {
        guard args.count == 4, case .value(.bytes(let raw)) = args[0], case .numpyDType(let dtype) = args[1],
              let element = try numpyElementType(dtype.descr),
              case .string(let order) = try value(of: args[3]) else {
            throw malformed("numpy _frombuffer needs (bytes, dtype, shape, order)")
        }
        let shape = try intList(args[2], what: "ndarray shape").map { v -> Int in
            guard case .int(let i) = v, i >= 0 else { throw malformed("ndarray shape has a negative extent") }
            return i
        }
        return .value(.tensor(try numpyTensor(raw, element: element, byteOrder: dtype.byteOrder, shape: shape,
                                              fortran: order == "F", count: try elementCount(shape))))
    }

    func elementCount(_ shape: [Int]) throws -> Int {
        // Zeros as 1 too: the strides multiply every extent.
        guard ShapeArithmetic.stridedSpan(shape, elementSize: 8) != nil else { throw malformed("array shape \(shape) overflows") }
        var count = 1
        for n in shape {
            let (c, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw malformed("array shape \(shape) overflows") }
            count = c
        }
        return count
    }

    /// An owned tensor over a copy of `raw` (byte-swapped to little endian when stored big-endian).
    private func numpyTensor(_ raw: [UInt8], element: DType, byteOrder: String, shape: [Int], fortran: Bool,
                             count: Int) throws -> StoredTensor {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: element.byteSize)
        guard !overflow, byteCount == raw.count else {
            throw malformed("ndarray of shape \(shape) (\(element.rawValue)) needs \(byteCount) bytes, has \(raw.count)")
        }
        var data = raw
        if byteOrder == ">" && element.byteSize > 1 {
            let w = element.byteSize
            for start in stride(from: 0, to: data.count, by: w) { data[start..<start + w].reverse() }
        }
        let region = data.withUnsafeBytes { ByteRegion(copying: $0) }
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        if fortran {
            for i in shape.indices { strides[i] = acc; acc *= max(shape[i], 1) }
        } else {
            for i in shape.indices.reversed() { strides[i] = acc; acc *= max(shape[i], 1) }
        }
        return StoredTensor(dtype: element, shape: shape, strides: strides, storage: region, byteOffset: 0, file: file)
    }

    /// Elements in C order regrouped as nested lists of `shape`.
    private func nestedList(_ items: [PickleItem], shape: [Int]) -> PickleItem {
        var level = items
        for n in shape.dropFirst().reversed() where n > 0 {
            level = stride(from: 0, to: level.count, by: n).map { start in
                .node(makeNode(.list, items: Array(level[start..<start + n])))
            }
        }
        return .node(makeNode(.list, items: level))
    }
}

extension StoredTensor {
    /// The single element of a 0-d (or 1-element) tensor as a number value.
    func scalarValue() throws -> CheckpointValue {
        guard let raw = storage.bytes(at: byteOffset, length: dtype.byteSize) else {
            throw CheckpointError.malformed(file: file, reason: "scalar past the end of its storage")
        }
        switch dtype {
        case .bool: return .bool(raw[0] != 0)
        case .uint8: return .int(Int(raw[0]))
        case .int8: return .int(Int(Int8(bitPattern: raw[0])))
        case .int16: return .int(Int(raw.loadUnaligned(as: Int16.self)))
        case .int32: return .int(Int(raw.loadUnaligned(as: Int32.self)))
        case .int64: return .int(Int(raw.loadUnaligned(as: Int64.self)))
        case .float64: return .float(raw.loadUnaligned(as: Double.self))
        case .float32, .float16, .bfloat16:
            return .float(Double(ElementConversion.float(raw.baseAddress!, dtype)))
        }
    }
}
