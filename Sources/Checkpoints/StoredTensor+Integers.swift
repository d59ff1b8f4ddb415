/// Integer access for small metadata tensors (e.g. BatchNorm `num_batches_tracked`, a 0-dim int64).
extension StoredTensor {
    /// Every element in row-major order as Int. Integer and boolean dtypes only; floating
    /// types throw `CheckpointError.dtypeMismatch` (use `floatTensor`).
    public func integerValues(key: String) throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw CheckpointError.dtypeMismatch(file: file, key: key, expected: "an integer type", actual: dtype.rawValue)
        }
        let count = try validatedCount(key: key)
        var values: [Int] = []
        values.reserveCapacity(count)
        guard count > 0 else { return values }
        var index = [Int](repeating: 0, count: shape.count)
        let w = dtype.byteSize
        for _ in 0..<count {
            var offset = 0
            for (i, s) in zip(index, strides) { offset += i * s }
            let p = UnsafeRawPointer(storage.base + byteOffset + offset * w)
            switch dtype {
            case .int64: values.append(Int(p.loadUnaligned(as: Int64.self)))
            case .int32: values.append(Int(p.loadUnaligned(as: Int32.self)))
            case .int16: values.append(Int(p.loadUnaligned(as: Int16.self)))
            case .int8: values.append(Int(p.load(as: Int8.self)))
            default: values.append(Int(p.load(as: UInt8.self)))
            }
            var k = shape.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[k] { break }
                index[k] = 0
                k -= 1
            }
        }
        return values
    }
}
