import TensorCore

/// A tensor as stored in a file: element type, shape, strides and a view into a `ByteRegion`.
/// Nothing is converted or copied until `floatTensor()` is called.
public struct StoredTensor: @unchecked Sendable {
    public let dtype: DType
    /// Extent of each axis.
    public let shape: [Int]
    /// Strides in elements (row-major contiguous: `[..., W, 1]`; Fortran order: `[1, D0, ...]`).
    public let strides: [Int]
    /// Bytes of the underlying storage (the whole storage, not just this view).
    public let storage: ByteRegion
    /// Byte offset of element 0 of this view within `storage`.
    public let byteOffset: Int
    /// Device tag recorded in the file (`cpu`, `cuda:0`, …). Informational: everything maps to CPU.
    public let device: String
    /// File the tensor came from (for error messages).
    public let file: String

    public init(dtype: DType, shape: [Int], strides: [Int], storage: ByteRegion, byteOffset: Int,
                device: String = "cpu", file: String) {
        self.dtype = dtype; self.shape = shape; self.strides = strides
        self.storage = storage; self.byteOffset = byteOffset; self.device = device; self.file = file
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}
