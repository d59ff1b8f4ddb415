import Checkpoints
import Foundation
import JSONCodec
import TensorCore

/// Writes an authored direction as a plugin folder `directory/NAME/` (`manifest.json` + vector file), atomically:
/// the folder is assembled under a hidden temporary name, loaded back with `Direction.loadPlugin` as a check, then
/// renamed into place; on any error nothing is left behind.
public enum AuthoredPlugin {
    /// The folder is written with `manifest` and `files` (file name → writer into the staging folder).
    /// Throws `pluginExists` when `directory/NAME` exists and `overwrite` is false.
    @discardableResult
    public static func write(manifest: DirectionManifest, files: [(name: String, write: (URL) throws -> Void)],
                             into directory: URL, overwrite: Bool = false) throws -> URL {
        try DirectionName.validate(manifest.name)
        let fm = FileManager.default
        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw DirectionError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
        let target = directory.appendingPathComponent(manifest.name, isDirectory: true)
        let exists = fm.fileExists(atPath: target.path)
        if exists && !overwrite { throw DirectionError.pluginExists(path: target.path) }
        let token = UUID().uuidString
        let staging = directory.appendingPathComponent(".\(manifest.name).author-\(token)", isDirectory: true)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files { try file.write(staging.appendingPathComponent(file.name)) }
            try manifest.write(to: staging.appendingPathComponent(DirectionManifest.fileName))
            _ = try Direction.loadPlugin(at: staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        let aside = directory.appendingPathComponent(".\(manifest.name).replaced-\(token)")
        do {
            if exists { try fm.moveItem(at: target, to: aside) }
            try fm.moveItem(at: staging, to: target)
        } catch {
            if exists { try? fm.moveItem(at: aside, to: target) }
            try? fm.removeItem(at: staging)
            throw DirectionError.writeFailed(path: target.path, reason: error.localizedDescription)
        }
        if exists { try? fm.removeItem(at: aside) }
        return target
    }

    /// A plugin holding one `.npy` vector `[rows, D]` (file `direction.npy`).
    @discardableResult
    public static func writeVector(_ vector: Tensor, manifest: DirectionManifest, into directory: URL,
                                   overwrite: Bool = false) throws -> URL {
        var m = manifest
        m.file = "direction.npy"
        m.format = .npy
        return try write(manifest: m, files: [("direction.npy", { try NumPyArrayFile.write(vector, to: $0) })],
                         into: directory, overwrite: overwrite)
    }

    /// Today's date and time in ISO 8601 (for provenance `created`).
    public static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }
}
