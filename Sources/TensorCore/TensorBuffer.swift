/// Reference-counted Float32 storage behind a `Tensor`.
///
/// Either owned (allocated here, freed on deinit) or borrowed from an external region such as a
/// memory-mapped checkpoint; then `owner` keeps that region alive and nothing is copied.
public final class TensorBuffer: @unchecked Sendable {
    /// First element. Valid for `count` elements while this buffer lives.
    public let baseAddress: UnsafeMutablePointer<Float>
    public let count: Int
    /// Keeps a borrowed region (e.g. a memory map) alive; nil when the memory is owned.
    private let owner: AnyObject?

    /// Allocates `count` zero-initialised floats (64-byte aligned).
    public init(zeros count: Int) {
        precondition(count >= 0, "negative element count")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
        self.baseAddress = raw.assumingMemoryBound(to: Float.self)
        self.count = count
        self.owner = nil
    }

    /// Wraps memory owned by `owner` (which must outlive every use through this buffer).
    /// The memory must be writable (e.g. a MAP_PRIVATE mapping); `Tensor` copies before mutating
    /// a buffer it does not uniquely reference.
    public init(borrowing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.baseAddress = pointer
        self.count = count
        self.owner = owner
    }

    /// True when the memory belongs to an external region (no copy was made).
    public var isBorrowed: Bool { owner != nil }

    deinit {
        if owner == nil { UnsafeMutableRawPointer(baseAddress).deallocate() }
    }
}
