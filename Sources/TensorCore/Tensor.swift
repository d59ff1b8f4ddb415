import Foundation

/// A dense, contiguous, row-major Float32 tensor. Image tensors use NCHW: `[N, C, H, W]`.
///
/// Value semantics with copy-on-write: copies share a `TensorBuffer` until one of them is mutated.
/// A tensor may view memory-mapped weights without copying (see `TensorBuffer(borrowing:)`).
public struct Tensor: @unchecked Sendable {
    /// Extent of each axis, outermost first.
    public private(set) var shape: [Int]
    @usableFromInline var buffer: TensorBuffer

    /// A zero tensor of the given shape.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        self.buffer = TensorBuffer(zeros: shape.reduce(1, *))
    }

    /// A tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(zeros: shape)
        if value != 0 { buffer.baseAddress.update(repeating: value, count: count) }
    }

    /// A tensor holding `values` (row-major) with the given shape.
    public init(shape: [Int], values: [Float]) {
        self.init(zeros: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape) (\(count) elements)")
        values.withUnsafeBufferPointer { buffer.baseAddress.update(from: $0.baseAddress!, count: count) }
    }

    /// A tensor over an existing buffer (no copy). `buffer.count` must equal the shape's element count.
    public init(shape: [Int], buffer: TensorBuffer) {
        precondition(buffer.count == shape.reduce(1, *), "buffer of \(buffer.count) for shape \(shape)")
        self.shape = shape
        self.buffer = buffer
    }

    /// Number of elements.
    @inlinable public var count: Int { buffer.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// True when the elements live in an external region (e.g. a memory-mapped checkpoint).
    public var isBorrowed: Bool { buffer.isBorrowed }

    /// Row-major strides in elements.
    public var strides: [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= shape[i] }
        return s
    }

    /// The elements as an array (a copy).
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: buffer.baseAddress, count: count))
    }

    /// Read-only access to the elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer.baseAddress, count: count))
    }

    /// Mutable access; copies first if the storage is shared or borrowed.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: buffer.baseAddress, count: count))
    }

    /// Ensures this value owns its storage exclusively.
    @inlinable
    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) || buffer.isBorrowed {
            let fresh = TensorBuffer(zeros: count)
            fresh.baseAddress.update(from: buffer.baseAddress, count: count)
            buffer = fresh
        }
    }

    /// Same elements, new shape (no copy). The element count must match.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var r = self
        precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        r.shape = newShape
        return r
    }

    /// Element access by full index (slow path for tests and small tensors).
    public subscript(_ index: Int...) -> Float {
        get { buffer.baseAddress[flatIndex(index)] }
        set {
            let i = flatIndex(index)
            makeUnique()
            buffer.baseAddress[i] = newValue
        }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "index \(index) out of range for shape \(shape)")
            flat = flat * n + i
        }
        return flat
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(6).map { String(format: "%.5g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(preview)\(count > 6 ? ", …" : "")])"
    }
}
