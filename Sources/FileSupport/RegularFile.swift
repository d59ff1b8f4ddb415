import Foundation

/// Opening input files that must be regular files. A FIFO, socket or device named like an input (`x.npy`,
/// `manifest.json`, `/dev/zero`) would block `open` or `read` forever, or read without end; here it is refused
/// before it is opened, and the file is opened non-blocking so that a path swapped for a FIFO in between
/// cannot block either. Every reader of user-given paths goes through this type.
public enum RegularFile {
    /// Why a path cannot be read: `<path>: cannot read: <reason>` (e.g. "is a FIFO (named pipe), not a regular file").
    public struct OpenError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): cannot read: \(reason)" }
    }

    /// What kind of file `mode` (`st_mode`) describes, for messages: "a FIFO (named pipe)", "a directory", ….
    public static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    /// nil when `path` (symbolic links followed) is a regular file, else the reason it is not
    /// ("no such file", "is a FIFO (named pipe), not a regular file", …). Never opens the file.
    public static func problem(atPath path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return errno == ENOENT ? "no such file" : String(cString: strerror(errno)) }
        if (st.st_mode & S_IFMT) == S_IFREG { return nil }
        return "is \(kindName(st.st_mode)), not a regular file"
    }

    /// True when `path` is a regular file (symbolic links followed).
    public static func isRegular(atPath path: String) -> Bool { problem(atPath: path) == nil }

    /// Opens `url` read-only after checking that it is a regular file (checked again on the open descriptor).
    /// Returns the descriptor and its size in bytes; the caller closes it.
    public static func open(_ url: URL) throws -> (descriptor: Int32, size: Int) {
        let path = url.path
        if let problem = problem(atPath: path) { throw OpenError(path: path, reason: problem) }
        let fd = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw OpenError(path: path, reason: reason)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw OpenError(path: path, reason: "is \(kindName(st.st_mode)), not a regular file")
        }
        return (fd, Int(st.st_size))
    }

    /// The whole content of the regular file `url`, refused when it holds more than `maximumBytes` bytes
    /// (the message names the size and the limit).
    public static func read(_ url: URL, maximumBytes: Int = Int.max) throws -> Data {
        try read(url, upTo: nil, maximumBytes: maximumBytes)
    }

    /// The first `count` bytes of the regular file `url` (fewer when it is shorter).
    public static func readPrefix(_ url: URL, count: Int) throws -> Data {
        try read(url, upTo: count, maximumBytes: Int.max)
    }

    private static func read(_ url: URL, upTo prefix: Int?, maximumBytes: Int) throws -> Data {
        let (fd, size) = try open(url)
        defer { close(fd) }
        if prefix == nil, size > maximumBytes {
            throw OpenError(path: url.path, reason: "the file holds \(size) bytes, more than the limit of \(maximumBytes)")
        }
        let wanted = min(prefix ?? size, size)
        var data = Data(count: wanted)
        var done = 0
        let failure: String? = data.withUnsafeMutableBytes { buffer -> String? in
            while done < wanted {
                let n = Foundation.read(fd, buffer.baseAddress! + done, wanted - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if n == 0 { break }  // the file shrank while being read
                done += n
            }
            return nil
        }
        if let failure { throw OpenError(path: url.path, reason: failure) }
        if done < wanted { data.removeSubrange(done...) }
        return data
    }
}
