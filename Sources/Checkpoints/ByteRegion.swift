import FileSupport
import Foundation

/// An immutable run of bytes: a memory-mapped file (nothing copied) or an owned buffer.
///
/// Tensors that need no conversion point straight into this region; the region stays alive as
/// long as any `Tensor` made from it (it is the `owner` of their `TensorBuffer`).
public final class ByteRegion: @unchecked Sendable {
    /// First byte.
    public let base: UnsafeMutableRawPointer
    /// Length in bytes.
    public let count: Int
    /// File the bytes came from (for error messages).
    public let url: URL?
    private let release: (() -> Void)?
    /// True when `base` is a file mapping (prefetch hints apply).
    public let isMapped: Bool

    /// Maps `url` privately (copy-on-write, read + write, so borrowed float tensors are writable
    /// without touching the file). Throws `CheckpointError.io` naming the file.
    public init(mapping url: URL) throws {
        self.url = url
        let fd: Int32, size: Int
        do { (fd, size) = try RegularFile.open(url) } catch let error as RegularFile.OpenError {
            throw CheckpointError.io(file: url.path, reason: error.reason)
        }
        defer { close(fd) }
        count = size
        if size == 0 {
            let p = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 64)
            base = p
            release = { p.deallocate() }
            isMapped = false
            return
        }
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw CheckpointError.io(file: url.path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = p
        release = { munmap(p, size) }
        isMapped = true
    }

    /// Copies `bytes` into an owned, 64-byte aligned buffer.
    public init(copying bytes: UnsafeRawBufferPointer, url: URL? = nil) {
        self.url = url
        count = bytes.count
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        if let src = bytes.baseAddress, bytes.count > 0 { p.copyMemory(from: src, byteCount: bytes.count) }
        base = p
        release = { p.deallocate() }
        isMapped = false
    }

    /// Takes ownership of `pointer` (allocated with `UnsafeMutableRawPointer.allocate`, `count` bytes used):
    /// no copy, deallocated with the region.
    init(adopting pointer: UnsafeMutableRawPointer, count: Int, url: URL? = nil) {
        self.url = url
        self.count = count
        base = pointer
        release = { pointer.deallocate() }
        isMapped = false
    }

    /// Asks the kernel to start reading the pages under `[offset, offset + length)` now (`MADV_WILLNEED`), so
    /// that many scattered reads of a cold file are queued together instead of faulting in one at a time.
    /// A hint only: does nothing for owned buffers or out-of-range requests.
    public func prefetch(offset: Int, length: Int) {
        guard isMapped, offset >= 0, length > 0, offset < count else { return }
        let page = Int(getpagesize())
        let start = offset / page * page, end = min(count, offset + length)
        _ = madvise(base + start, end - start, MADV_WILLNEED)
    }


    deinit { release?() }

    /// Bytes `[offset, offset + length)`, or nil when that range is outside the region.
    public func bytes(at offset: Int, length: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }
}

extension ByteRegion {
    /// An owned copy of `data`.
    public static func copy(of data: Data, url: URL? = nil) -> ByteRegion {
        data.withUnsafeBytes { ByteRegion(copying: $0, url: url) }
    }
}
