import Foundation

extension StudySpec {
    /// Image file extensions a directory source picks up.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Checks, before any work, that every checkpoint, starting code, image directory or file and direction
    /// directory exists, and for `rendered:N` that the held-out folder has N faces and their labels. Returns the
    /// image files, in study order.
    public func checkInputs() throws -> [URL] {
        let fm = FileManager.default
        func exists(_ url: URL, directory: Bool) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue == directory
        }
        if case .rendered(let n) = images, !(renderedFacesDirectory.map { exists($0, directory: true) } ?? false) {
            throw StudyError.needsShippedModel(file: file, keyPath: "images", what: "\"rendered:\(n)\"",
                                               expected: renderedFacesDirectory?.path ?? "a held-out folder (no inverter given)")
        }
        for (i, inv) in inverters.enumerated() {
            guard exists(inv.checkpoint, directory: false) else {
                throw StudyError.missingInput(file: file, keyPath: "inverters[\(i)].checkpoint", path: inv.checkpoint.path, what: "checkpoint")
            }
            if let b = inv.bootstrap, !exists(b.checkpoint, directory: false) {
                throw StudyError.missingInput(file: file, keyPath: "inverters[\(i)].bootstrap.checkpoint", path: b.checkpoint.path, what: "checkpoint")
            }
            if let l = inv.initialLatent, !exists(l, directory: false) {
                throw StudyError.missingInput(file: file, keyPath: "inverters[\(i)].init_latent", path: l.path, what: "starting code")
            }
        }
        for (i, d) in directionDirectories.enumerated() where !exists(d, directory: true) {
            throw StudyError.missingInput(file: file, keyPath: "directions_dirs[\(i)]", path: d.path, what: "directory")
        }
        if let labels = trueAttributes, !exists(labels, directory: false) {
            throw StudyError.missingInput(file: file, keyPath: "labels", path: labels.path,
                                          what: self.labels == nil ? "labels file of the held-out faces" : "labels file")
        }
        switch images {
        case .rendered(let n):
            let dir = renderedFacesDirectory!                                   // checked above
            let faces = try fm.contentsOfDirectory(atPath: dir.path).sorted()
                .filter { ($0 as NSString).pathExtension.lowercased() == "png" }
            guard faces.count >= n else {
                throw StudyError.invalidStudy(file: file, keyPath: "images",
                                              reason: "rendered:\(n) asks for \(n) held-out faces; \(dir.path) has \(faces.count)")
            }
            return faces.prefix(n).map { dir.appendingPathComponent($0) }
        case .directory(let dir):
            guard exists(dir, directory: true) else {
                throw StudyError.missingInput(file: file, keyPath: "images", path: dir.path, what: "image directory")
            }
            let names = try fm.contentsOfDirectory(atPath: dir.path).sorted()
            return names.filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .map { dir.appendingPathComponent($0) }
        case .files(let list):
            var seen: [String: Int] = [:]
            for (i, f) in list.enumerated() {
                guard exists(f, directory: false) else {
                    throw StudyError.missingInput(file: file, keyPath: "images[\(i)]", path: f.path, what: "image")
                }
                // Cells are keyed by file name: two files with the same name would collide in results.csv.
                if let j = seen[f.lastPathComponent] {
                    throw StudyError.invalidStudy(file: file, keyPath: "images[\(i)]", reason: "\(f.lastPathComponent) is also images[\(j)]; file names must be unique")
                }
                seen[f.lastPathComponent] = i
            }
            return list
        }
    }
}
