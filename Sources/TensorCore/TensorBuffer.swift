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
    /// Length of an anonymous mapping made by `init(zeros:)`, or 0 for heap memory.
    private let mappedBytes: Int

    /// Allocates `count` zero-initialised floats (64-byte aligned; large buffers are page mappings that go
    /// back to the system when released, see `LargeAllocation`).
    public init(zeros count: Int) {
        precondition(count >= 0, "negative element count")
        let bytes = max(count, 1) * 4
        let block = LargeAllocation.allocate(bytes: bytes, zeroed: true)
        self.baseAddress = block.pointer.assumingMemoryBound(to: Float.self)
        self.count = count
        self.owner = nil
        self.mappedBytes = block.mapped ? bytes : 0
    }

    /// Wraps memory owned by `owner` (which must outlive every use through this buffer).
    /// The memory must be writable (e.g. a MAP_PRIVATE mapping); `Tensor` copies before mutating
    /// a buffer it does not uniquely reference.
    public init(borrowing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.baseAddress = pointer
        self.count = count
        self.owner = owner
        self.mappedBytes = 0
    }

    /// True when the memory belongs to an external region (no copy was made).
    public var isBorrowed: Bool { owner != nil }

    deinit {
        guard owner == nil else { return }
        LargeAllocation.free(UnsafeMutableRawPointer(baseAddress), bytes: mappedBytes, mapped: mappedBytes > 0)
    }
}
