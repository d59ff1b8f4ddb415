import Foundation

/// Memory for tensors and scratch buffers. Blocks of `mappedThreshold` bytes or more are mapped
/// straight from the kernel (zero-filled pages, unmapped on release), so a 1024 px generator's large
/// activations and column buffers go back to the system as soon as they are freed instead of
/// lingering under malloc's dynamic mmap threshold. Smaller blocks come from malloc, 64-byte aligned.
enum LargeAllocation {
    static let mappedThreshold = 1 << 20

    /// `bytes` (≥ 1) of memory; `zeroed` guarantees zero contents. Returns whether it was mapped.
    static func allocate(bytes: Int, zeroed: Bool) -> (pointer: UnsafeMutableRawPointer, mapped: Bool) {
        let n = max(bytes, 1)
        if n >= mappedThreshold,
           let p = mmap(nil, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
            return (p, true)
        }
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 64)
        if zeroed { p.initializeMemory(as: UInt8.self, repeating: 0, count: n) }
        return (p, false)
    }

    /// Releases memory from `allocate(bytes:zeroed:)` (same `bytes` and `mapped`).
    static func free(_ pointer: UnsafeMutableRawPointer, bytes: Int, mapped: Bool) {
        if mapped { munmap(pointer, max(bytes, 1)) } else { pointer.deallocate() }
    }
}
