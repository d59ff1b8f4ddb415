import Foundation

/// Weights rounded to bfloat16 once per convolution call instead of once per tile (issue 18): a kernel that runs
/// many GEMMs with the same weight matrix (the tiles of an im2col conv, Winograd's bands) registers the matrix for
/// the duration of the call (`withPacked`), and `GEMM.multiplyBF16` uses the packed copy whenever its `A` operand is
/// exactly that matrix (same address, shape, stride, not transposed). Outside `Precision.bf16` it does nothing.
///
/// The caller guarantees that the registered floats do not change inside the scope (they are weights). Entries
/// are counted, so two threads running the same layer at once share one packed copy; each is freed when its last
/// scope ends. The packed bits equal those `multiplyBF16` would make, so results do not depend on the cache.
public enum BF16PackedOperands {
    struct Key: Hashable {
        let address: UInt, rows: Int, cols: Int, ld: Int
    }

    final class Entry: @unchecked Sendable {
        let packed: UnsafeMutablePointer<UInt16>
        var users = 1
        init(count: Int) { packed = .allocate(capacity: count) }
        deinit { packed.deallocate() }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [Key: Entry] = [:]

    /// Registers `count` matrices `[rows, cols]` (row stride `ld`), the i-th at `base + i * stride`, packed to bf16,
    /// for the duration of `body` (under `Precision.bf16`; `count` 0 or fp32: `body` alone).
    public static func withPacked<T>(_ base: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int, count: Int = 1,
                                     stride: Int = 0, _ body: () throws -> T) rethrows -> T {
        // rows, cols = the products' m, k: below GEMM.bf16Pays's m and k they run in float32 and need no copy.
        guard Precision.current == .bf16, rows > 0, cols > 0, count > 0,
              Precision.coversEveryProduct || (rows >= 256 && cols >= 64) else { return try body() }
        let keys = (0..<count).map { Key(address: UInt(bitPattern: base + $0 * stride), rows: rows, cols: cols, ld: ld) }
        lock.lock()
        var missing: [Int] = []
        for (i, key) in keys.enumerated() {
            if let entry = entries[key] { entry.users += 1 } else { missing.append(i) }
        }
        lock.unlock()
        // Pack the missing ones outside the lock, then publish (another thread may have published meanwhile).
        for i in missing {
            let entry = Entry(count: rows * cols)
            BFloat16.round(base + i * stride, rows: rows, cols: cols, ld: ld, into: entry.packed)
            lock.lock()
            if let existing = entries[keys[i]] { existing.users += 1 } else { entries[keys[i]] = entry }
            lock.unlock()
        }
        defer {
            lock.lock()
            for key in keys {
                if let entry = entries[key] {
                    entry.users -= 1
                    if entry.users == 0 { entries[key] = nil }
                }
            }
            lock.unlock()
        }
        return try body()
    }

    /// The packed copy of `a [rows, cols]` (stride `ld`) while a scope holds it, else nil. The caller keeps the
    /// entry (and so its memory) alive while it uses `packed`, even if the registering scope ends meanwhile.
    static func lookup(_ a: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int) -> Entry? {
        let key = Key(address: UInt(bitPattern: a), rows: rows, cols: cols, ld: ld)
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    /// Matrices registered now (tests).
    public static var registeredCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
