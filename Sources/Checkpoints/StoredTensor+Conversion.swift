import TensorCore

/// Float32 access to stored tensors: zero-copy when possible, otherwise a converting copy.
extension StoredTensor {
    /// This tensor as a dense row-major Float32 `Tensor`.
    ///
    /// Float32, contiguous and 4-byte-aligned data is borrowed straight from the (memory-mapped)
    /// storage (`Tensor.isBorrowed`); float16, bfloat16 and float64 are converted, and strided
    /// layouts (transposed views, Fortran order) are gathered into row-major order.
    /// Integer and boolean tensors throw `CheckpointError.dtypeMismatch`; `key` names the tensor in errors.
    public func floatTensor(key: String) throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw CheckpointError.dtypeMismatch(file: file, key: key, expected: "a floating-point type", actual: dtype.rawValue)
        }
        let count = try validatedCount(key: key)
        if count == 0 { return Tensor(zeros: shape) }
        let source = UnsafeRawPointer(storage.base + byteOffset)
        if dtype == .float32, isContiguous, Int(bitPattern: source) % MemoryLayout<Float>.alignment == 0 {
            let pointer = (storage.base + byteOffset).assumingMemoryBound(to: Float.self)
            return Tensor(shape: shape, buffer: TensorBuffer(borrowing: pointer, count: count, owner: storage))
        }
        var result = Tensor(zeros: shape)
        result.withUnsafeMutableBufferPointer { out in
            if isContiguous {
                ElementConversion.convert(source, dtype, count: count, to: out.baseAddress!)
            } else {
                gather(source, into: out.baseAddress!)
            }
        }
        return result
    }

    /// Copies a strided layout into row-major order, converting each innermost run.
    private func gather(_ source: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        // Drop extent-1 axes; the innermost remaining axis is converted as one strided run.
        let axes = shape.indices.filter { shape[$0] != 1 }
        guard let inner = axes.last else {
            ElementConversion.convert(source, dtype, count: 1, to: out)
            return
        }
        let outer = axes.dropLast()
        let n = shape[inner]
        let innerStride = strides[inner] * dtype.byteSize
        var index = [Int](repeating: 0, count: outer.count)
        var written = 0
        while true {
            var offset = 0
            for (k, axis) in outer.enumerated() { offset += index[k] * strides[axis] }
            ElementConversion.convert(source + offset * dtype.byteSize, dtype, count: n, byteStride: innerStride,
                                      to: out + written)
            written += n
            // Odometer over the outer axes.
            var k = outer.count - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < shape[outer[outer.startIndex + k]] { break }
                index[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }
}

/// Element conversions to Float32 from any alignment (little-endian data).
enum ElementConversion {
    /// One element at `p`.
    static func float(_ p: UnsafeRawPointer, _ dtype: DType) -> Float {
        switch dtype {
        case .float32: return p.loadUnaligned(as: Float.self)
        case .float64: return Float(p.loadUnaligned(as: Double.self))
        case .float16: return HalfFloat.float(fromFloat16: p.loadUnaligned(as: UInt16.self))
        case .bfloat16: return HalfFloat.float(fromBFloat16: p.loadUnaligned(as: UInt16.self))
        case .int64: return Float(p.loadUnaligned(as: Int64.self))
        case .int32: return Float(p.loadUnaligned(as: Int32.self))
        case .int16: return Float(p.loadUnaligned(as: Int16.self))
        case .int8: return Float(p.load(as: Int8.self))
        case .uint8, .bool: return Float(p.load(as: UInt8.self))
        }
    }

    /// `count` contiguous elements.
    static func convert(_ source: UnsafeRawPointer, _ dtype: DType, count: Int, to out: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .float32: UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
        case .float16: HalfFloat.convertFloat16(source, count: count, to: out)
        case .bfloat16: HalfFloat.convertBFloat16(source, count: count, to: out)
        default: convert(source, dtype, count: count, byteStride: dtype.byteSize, to: out)
        }
    }

    /// `count` elements `byteStride` bytes apart.
    static func convert(_ source: UnsafeRawPointer, _ dtype: DType, count: Int, byteStride: Int,
                        to out: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .float32:
            for i in 0..<count { out[i] = source.loadUnaligned(fromByteOffset: i * byteStride, as: Float.self) }
        case .float64:
            for i in 0..<count { out[i] = Float(source.loadUnaligned(fromByteOffset: i * byteStride, as: Double.self)) }
        case .float16:
            for i in 0..<count {
                out[i] = HalfFloat.float(fromFloat16: source.loadUnaligned(fromByteOffset: i * byteStride, as: UInt16.self))
            }
        case .bfloat16:
            for i in 0..<count {
                out[i] = HalfFloat.float(fromBFloat16: source.loadUnaligned(fromByteOffset: i * byteStride, as: UInt16.self))
            }
        default:
            for i in 0..<count { out[i] = float(source + i * byteStride, dtype) }
        }
    }
}
