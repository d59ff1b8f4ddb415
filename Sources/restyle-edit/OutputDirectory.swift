import Foundation

/// The `--output` folder of a command, checked before any work: created with its parents, and proven writable by
/// creating and removing a probe file, so a bad path is one sentence up front instead of an error after the work.
enum OutputDirectory {
    /// The folder for `path`, ready to write into; a `CLIError` naming the path and the reason otherwise.
    static func prepare(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CLIError("cannot write to --output \(path): it is a file, not a directory")
        }
        if mkdir(url.path, 0o755) != 0 && errno != EEXIST {
            // Create the parents one by one to report the first that fails.
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create --output \(path): \(reason(errno: firstFailingParent(url)))")
            }
        }
        let probe = url.appendingPathComponent(".restyle-edit-write-test-\(getpid())")
        let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CLIError("cannot write to --output \(path): \(reason(errno: errno))") }
        close(fd)
        unlink(probe.path)
        return url
    }

    /// Refuses to replace earlier results: `names` (files this run will write) that already exist in `dir` stop the
    /// run before any work unless `overwrite`.
    static func refuseExisting(_ names: [String], in dir: URL, overwrite: Bool) throws {
        guard !overwrite else { return }
        let existing = names.filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
        guard let first = existing.first else { return }
        let more = existing.count > 1 ? " (and \(existing.count - 1) more)" : ""
        throw CLIError("\(dir.appendingPathComponent(first).path) exists from an earlier run\(more): pass --overwrite to replace, or choose another --output")
    }

    /// errno of the first ancestor of `url` that cannot be created (walking up to an existing one).
    private static func firstFailingParent(_ url: URL) -> Int32 {
        var chain: [URL] = []
        var u = url
        while !FileManager.default.fileExists(atPath: u.path) && u.path != "/" { chain.append(u); u = u.deletingLastPathComponent() }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDirectory), !isDirectory.boolValue { return ENOTDIR }
        for dir in chain.reversed() where mkdir(dir.path, 0o755) != 0 && errno != EEXIST { return errno }
        return errno
    }

    private static func reason(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "read-only file system"
        case ENOTDIR: return "a part of the path is a file, not a directory"
        case ENOSPC: return "no space left on the device"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
