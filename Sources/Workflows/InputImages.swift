import Foundation

/// Expands command-line inputs (files and directories) into the list of files to process.
/// Directories contribute their non-hidden image files (`imageExtensions`, any case), sorted by name; other files
/// there are counted and reported once. A file named explicitly is kept whatever it is, so the batch reports it.
public enum InputImages {
    /// Extensions taken from directories.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// The files to process; `note` gets one line per directory with ignored non-image files.
    public static func expand(_ inputs: [String], note: (String) -> Void = { printError($0) }) throws -> [URL] {
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
                var ignored = 0
                for name in names {
                    let url = dir.appendingPathComponent(name)
                    var sub: ObjCBool = false
                    guard fm.fileExists(atPath: url.path, isDirectory: &sub), !sub.boolValue else { continue }
                    if imageExtensions.contains(url.pathExtension.lowercased()) { files.append(url) } else { ignored += 1 }
                }
                if ignored > 0 { note("\(input): ignored \(ignored) file\(ignored == 1 ? "" : "s") that \(ignored == 1 ? "is" : "are") not .png/.jpg/.jpeg") }
            } else {
                files.append(URL(fileURLWithPath: input))
            }
        }
        return files
    }

    /// Output name for an input: its file name without extension; where two inputs share a stem (face.png,
    /// face.jpg), each keeps its extension instead (`face_png`, `face_jpg`); remaining clashes (the same name in two
    /// folders) get the folder's name in front (`a_face`).
    public static func stems(for files: [URL]) -> [String] {
        let plain = files.map { $0.deletingPathExtension().lastPathComponent }
        var counts: [String: Int] = [:]
        for s in plain { counts[s, default: 0] += 1 }
        let withExtension = files.indices.map { i in
            counts[plain[i]]! > 1 ? plain[i] + "_" + files[i].pathExtension.lowercased() : plain[i]
        }
        var again: [String: Int] = [:]
        for s in withExtension { again[s, default: 0] += 1 }
        var seen: [String: Int] = [:]
        return files.indices.map { i in
            var stem = withExtension[i]
            if again[stem]! > 1 { stem = files[i].deletingLastPathComponent().lastPathComponent + "_" + stem }
            let n = seen[stem, default: 0]
            seen[stem] = n + 1
            return n == 0 ? stem : "\(stem)-\(n + 1)"
        }
    }
}
