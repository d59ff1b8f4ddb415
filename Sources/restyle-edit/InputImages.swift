import Foundation

/// Expands command-line inputs (files and directories) into the list of files to process.
/// Directories contribute every non-hidden regular file, sorted by name; files that are not
/// images are kept so that the batch reports them rather than silently ignoring them.
enum InputImages {
    static func expand(_ inputs: [String]) throws -> [URL] {
        var files: [URL] = []
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else {
                files.append(URL(fileURLWithPath: input))   // reported as unreadable by the batch
                continue
            }
            if isDirectory.boolValue {
                let dir = URL(fileURLWithPath: input)
                let names = try fm.contentsOfDirectory(atPath: input).filter { !$0.hasPrefix(".") }.sorted()
                for name in names {
                    let url = dir.appendingPathComponent(name)
                    var sub: ObjCBool = false
                    if fm.fileExists(atPath: url.path, isDirectory: &sub), !sub.boolValue { files.append(url) }
                }
            } else {
                files.append(URL(fileURLWithPath: input))
            }
        }
        return files
    }

    /// Output name for an input: its file name without extension, made unique within the batch.
    static func stems(for files: [URL]) -> [String] {
        var seen: [String: Int] = [:]
        return files.map { url in
            let stem = url.deletingPathExtension().lastPathComponent
            let n = seen[stem, default: 0]
            seen[stem] = n + 1
            return n == 0 ? stem : "\(stem)-\(n + 1)"
        }
    }
}
