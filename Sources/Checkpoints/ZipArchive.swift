import Foundation

/// A read-only view of a zip archive held in a `ByteRegion` (usually a memory-mapped file).
///
/// Reads the end-of-central-directory record (and its ZIP64 variant, which `torch.save` writes for large
/// files), then the central directory. Every offset and size is checked against the region; a malformed
/// archive throws `CheckpointError.malformed` naming the file and, where it applies, the entry.
/// Stored entries are handed out as views of the region (`storedBytes`, CRC-32 checked on first use), deflated
/// ones are inflated into an owned region (`extract`, within `ArchiveLimits`). Each entry's local header must agree
/// with its central-directory record, entries must lie inside the file without overlapping each other or the
/// central directory, and names must be unique. Encrypted entries and multi-disk archives are rejected.
public struct ZipArchive: @unchecked Sendable {
    /// How an entry's bytes are stored.
    public enum Method: Equatable, Sendable, CustomStringConvertible {
        /// Method 0: the bytes as they are.
        case stored
        /// Method 8: raw DEFLATE.
        case deflated
        /// Any other method number (not readable).
        case other(UInt16)

        /// The method number.
        var code: UInt16 {
            switch self {
            case .stored: return 0
            case .deflated: return 8
            case let .other(code): return code
            }
        }

        init(code: UInt16) {
            switch code {
            case 0: self = .stored
            case 8: self = .deflated
            default: self = .other(code)
            }
        }

        public var description: String {
            switch self {
            case .stored: return "stored"
            case .deflated: return "deflated"
            case let .other(code): return "method \(code)"
            }
        }
    }

    /// One member of the archive, as described by its central-directory record and local header.
    public struct Entry: Equatable, Sendable {
        /// Path inside the archive (e.g. `archive/data/0`).
        public let name: String
        public let method: Method
        /// Bytes of the (possibly compressed) data in the archive.
        public let compressedSize: Int
        /// Bytes once extracted.
        public let uncompressedSize: Int
        /// CRC-32 of the uncompressed bytes, from the central directory.
        public let crc32: UInt32
        /// Offset of the entry's local file header in the region.
        public let localHeaderOffset: Int
        /// Offset of the first data byte: after the LOCAL header's name and extra field (which may differ
        /// in length from the central directory's: PyTorch pads it to align tensor data).
        public let dataOffset: Int
        /// General-purpose flags (bit 0: encrypted; bit 3: sizes in a data descriptor).
        public let flags: UInt16
    }

    /// The archive's bytes.
    public let region: ByteRegion
    /// Entries in central-directory order.
    public let entries: [Entry]
    /// Name used in error messages (the file's path).
    public let file: String
    /// Limits on inflation.
    public let limits: ArchiveLimits
    private let indexByName: [String: Int]
    /// Entries whose CRC-32 has been checked, and the bytes inflated so far.
    let state = ZipReadState()

    /// Parses the central directory of the zip archive in `region`.
    public init(region: ByteRegion, limits: ArchiveLimits = .standard) throws {
        self.region = region
        self.limits = limits
        let file = region.url?.path ?? "<memory>"
        self.file = file
        let directory = try ZipArchive.findCentralDirectory(in: region, file: file)
        ZipArchive.prefetchLocalHeaders(in: region, directory: directory)
        var entries: [Entry] = []
        entries.reserveCapacity(directory.entryCount)
        var offset = directory.offset
        for index in 0..<directory.entryCount {
            let (entry, next) = try ZipArchive.readCentralEntry(in: region, at: offset, index: index,
                                                                 directoryEnd: directory.offset + directory.size, file: file)
            entries.append(entry)
            offset = next
        }
        self.entries = entries
        indexByName = try ZipArchive.uniqueIndex(entries, file: file)
        try ZipArchive.checkLayout(entries, directory: directory, fileSize: region.count, file: file)
    }

    /// Maps `url` and parses it.
    public init(url: URL, limits: ArchiveLimits = .standard) throws {
        try self.init(region: ByteRegion(mapping: url), limits: limits)
    }

    /// The entry called `name`, or nil.
    public func entry(named name: String) -> Entry? {
        indexByName[name].map { entries[$0] }
    }

    /// Entry names in central-directory order.
    public var names: [String] { entries.map(\.name) }

    func malformed(_ reason: String) -> CheckpointError {
        .malformed(file: file, reason: reason)
    }
}
