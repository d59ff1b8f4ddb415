import Foundation

/// Whole-archive checks: unique names, and every entry inside the file without overlapping another entry or
/// the central directory (a crafted archive could otherwise point two names at the same bytes, or a tensor's
/// data into the directory).
extension ZipArchive {
    /// Name → index; two entries with the same name are an error (`torch.load` would read the last, a reader
    /// taking the first would show different data).
    static func uniqueIndex(_ entries: [Entry], file: String) throws -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            if let first = index[entry.name] {
                throw CheckpointError.malformed(
                    file: file, reason: "zip: entry name '\(entry.name)' occurs twice (entries #\(first) and #\(i)); an archive's names must be unique")
            }
            index[entry.name] = i
        }
        return index
    }

    /// Sorted by local-header offset, each entry's span `[local header, end of data)` must end at or before the
    /// next entry's local header, and the last at or before the central directory.
    static func checkLayout(_ entries: [Entry], directory: CentralDirectoryLocation, fileSize: Int, file: String) throws {
        let order = entries.indices.sorted { entries[$0].localHeaderOffset < entries[$1].localHeaderOffset }
        for (k, i) in order.enumerated() {
            let entry = entries[i]
            let end = entry.dataOffset + entry.compressedSize  // bounds-checked against the file when read
            let limit: Int, what: String
            if k + 1 < order.count {
                let next = entries[order[k + 1]]
                limit = next.localHeaderOffset
                what = "entry '\(next.name)' (local header at byte \(next.localHeaderOffset))"
            } else {
                limit = directory.offset
                what = "the central directory (at byte \(directory.offset))"
            }
            guard end <= limit else {
                throw CheckpointError.malformed(
                    file: file, reason: "zip entry '\(entry.name)': its bytes \(entry.localHeaderOffset)..<\(end) overlap \(what)")
            }
        }
    }
}

/// Mutable per-archive bookkeeping shared by the copies of a `ZipArchive` value: which stored entries have had
/// their CRC-32 checked, and how many bytes have been inflated (against `ArchiveLimits.maximumInflatedBytes`).
final class ZipReadState: @unchecked Sendable {
    private let lock = NSLock()
    private var verified = Set<Int>()
    private var inflated = 0

    /// True when the entry at local-header offset `key` was already checked.
    func isVerified(_ key: Int) -> Bool { lock.withLock { verified.contains(key) } }

    func markVerified(_ key: Int) { lock.withLock { _ = verified.insert(key) } }

    /// Reserves `count` more inflated bytes; false (nothing reserved) when that would pass `limit`.
    func reserveInflated(_ count: Int, limit: Int) -> Bool {
        lock.withLock {
            guard count <= limit - inflated else { return false }
            inflated += count
            return true
        }
    }

    /// Bytes inflated (or reserved) so far.
    var inflatedBytes: Int { lock.withLock { inflated } }
}
