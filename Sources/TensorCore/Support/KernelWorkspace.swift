/// Reusable scratch memory for kernels that need a column buffer (conv2d im2col, transposed-conv columns).
///
/// Reusing one workspace across calls avoids re-faulting fresh pages for every convolution. Not thread-safe:
/// use one workspace per concurrent caller.
public final class KernelWorkspace: @unchecked Sendable {
    private var storage: UnsafeMutablePointer<Float>?
    private var mapped = false
    /// Capacity in floats.
    public private(set) var capacity: Int = 0

    public init() {}

    /// A buffer of at least `count` floats (contents unspecified). Valid until the next call or deinit.
    public func buffer(count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity || storage == nil {
            release()
            let block = LargeAllocation.allocate(bytes: max(count, 1) * 4, zeroed: false)
            storage = block.pointer.bindMemory(to: Float.self, capacity: max(count, 1))
            mapped = block.mapped
            capacity = max(count, 1)
        }
        return storage!
    }

    /// Frees the buffer (the next `buffer(count:)` allocates afresh). Lets long pipelines return a large
    /// workspace to the system once the layers that needed it are done.
    public func release() {
        if let storage { LargeAllocation.free(UnsafeMutableRawPointer(storage), bytes: capacity * 4, mapped: mapped) }
        storage = nil
        capacity = 0
    }

    deinit { release() }
}
