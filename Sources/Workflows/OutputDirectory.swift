import Foundation

/// The `--output` folder of a command, checked before any work so a bad path is one sentence up front instead of an
/// error after the work: an existing folder is proven writable with a probe file; a missing one must have a writable
/// folder as its nearest existing ancestor. Nothing is created here (the first output file creates the folder), so a
/// run refused later leaves nothing behind.
public enum OutputDirectory {
    /// The folder for `path`; a `WorkflowError` naming the path and the reason when it cannot be written.
    public static func prepare(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WorkflowError("cannot write to --output \(path): it is a file, not a directory") }
            let probe = url.appendingPathComponent(".restyle-edit-write-test-\(getpid())")
            let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw WorkflowError("cannot write to --output \(path): \(reason(errno: errno))") }
            close(fd)
            unlink(probe.path)
            return url
        }
        var ancestor = url.deletingLastPathComponent()
        while !fm.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw WorkflowError("cannot create --output \(path): \(ancestor.path) is a file, not a directory")
        }
        if access(ancestor.path, W_OK | X_OK) != 0 {
            throw WorkflowError("cannot create --output \(path) in \(ancestor.path): \(reason(errno: errno))")
        }
        return url
    }

    /// Refuses to replace earlier results: `names` (files this run will write) that already exist in `dir` stop the
    /// run before any work unless `overwrite`.
    public static func refuseExisting(_ names: [String], in dir: URL, overwrite: Bool) throws {
        guard !overwrite else { return }
        let existing = names.filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
        guard let first = existing.first else { return }
        let more = existing.count > 1 ? " (and \(existing.count - 1) more)" : ""
        throw WorkflowError("\(dir.appendingPathComponent(first).path) exists from an earlier run\(more): pass --overwrite to replace, or choose another --output")
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
