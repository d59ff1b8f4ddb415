import Foundation

/// Memory for tensors and scratch buffers. Blocks of `mappedThreshold` bytes or more are mapped
/// straight from the kernel (zero-filled pages, unmapped on release), so a 1024 px generator's large
/// activations and column buffers go back to the system as soon as they are freed instead of
/// lingering under malloc's dynamic mmap threshold. Smaller blocks come from malloc, 64-byte aligned.
///
/// Huge pages are available but off (`hugePageThreshold = Int.max`): marking mappings `MADV_HUGEPAGE` was
/// measured slower on this machine (THP defrag = madvise makes every fault compact memory): a 1024 px synthesis
/// took 1.46 s with them vs 1.31 s without, a 5-step official-size inversion 13.9 s vs 9.6 s (2026-11-25).
enum LargeAllocation {
    static let mappedThreshold = 1 << 20
    static let hugePageThreshold = Int.max
    static let hugePageSize = 1 << 21

    /// The length actually mapped for a request of `bytes` ≥ `mappedThreshold`.
    static func mappedLength(_ bytes: Int) -> Int {
        bytes >= hugePageThreshold ? (bytes + hugePageSize - 1) / hugePageSize * hugePageSize : bytes
    }

    /// `bytes` (≥ 1) of memory; `zeroed` guarantees zero contents. Returns whether it was mapped.
    static func allocate(bytes: Int, zeroed: Bool) -> (pointer: UnsafeMutableRawPointer, mapped: Bool) {
        let n = max(bytes, 1)
        if n >= mappedThreshold {
            let length = mappedLength(n)
            if let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
                if length >= hugePageThreshold { _ = madvise(p, length, 14 /* MADV_HUGEPAGE */) }
                return (p, true)
            }
        }
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 64)
        if zeroed { p.initializeMemory(as: UInt8.self, repeating: 0, count: n) }
        return (p, false)
    }

    /// Releases memory from `allocate(bytes:zeroed:)` (same `bytes` and `mapped`).
    static func free(_ pointer: UnsafeMutableRawPointer, bytes: Int, mapped: Bool) {
        if mapped { munmap(pointer, mappedLength(max(bytes, 1))) } else { pointer.deallocate() }
    }
}
