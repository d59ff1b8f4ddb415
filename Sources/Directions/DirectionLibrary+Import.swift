import Foundation
import JSONCodec

extension DirectionLibrary {
    /// Wraps a bare direction file into the plugin folder `directory/name/` (`directions import`): the file is
    /// copied under its own name next to a new `manifest.json` (`name`, `description`, `space` from the shape,
    /// `file`, `format` from the content, `component`, `layers`, `default_strength` 1, `mode` add — set for
    /// GANSpace —, `method`, and `provenance` {`imported_from`, `imported`}). The folder is assembled under a
    /// hidden temporary name, loaded back as a check, then renamed into place, so a failure leaves nothing behind.
    ///
    /// - file: `.npy` / `.pt` vector, or a GANSpace PCA file (then `component` is required).
    /// - layers: default rows; checked against the vector's rows when it has several.
    /// - overwrite: replace an existing plugin or bare file of the same name (case-insensitive); otherwise
    ///   `pluginExists` is thrown.
    /// - Returns: the plugin folder.
    @discardableResult
    public static func importFile(_ file: URL, name: String, layers: LayerRange? = nil, description: String? = nil,
                                  component: Int? = nil, method: String? = nil, into directory: URL,
                                  overwrite: Bool = false) throws -> URL {
        try DirectionName.validate(name)
        let fm = FileManager.default
        let content = try DirectionFile.read(file)

        var manifest = DirectionManifest(name: name, file: file.lastPathComponent, description: description,
                                         layers: layers, defaultStrength: 1, method: method)
        switch content {
        case .vector(let tensor, let format):
            if component != nil {
                throw DirectionError.invalidContent(file: file.path, reason: "a component was given, but the file is not a GANSpace PCA file")
            }
            manifest.format = format
            manifest.space = tensor.shape[0] == 1 ? .w : .wPlus
            manifest.mode = .add
        case .pca(let pca):
            guard let component else {
                throw DirectionError.componentRequired(name: name, file: file.path, count: pca.componentCount)
            }
            guard component >= 0 && component < pca.componentCount else {
                throw DirectionError.invalidComponent(name: name, file: file.path, component: String(component), count: pca.componentCount)
            }
            manifest.format = .ganspace
            manifest.component = component
            manifest.space = .w
            manifest.mode = .set
            manifest.method = method ?? "ganspace"
        }
        manifest.provenance = .object(["imported_from": .string(file.standardizedFileURL.path),
                                       "imported": .string(ISO8601DateFormatter().string(from: Date()))])

        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw DirectionError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
        let target = directory.appendingPathComponent(name, isDirectory: true)
        let existing = (try? fm.contentsOfDirectory(atPath: directory.path))?.filter { item in
            !item.hasPrefix(".") && DirectionName.key((item as NSString).deletingPathExtension) == DirectionName.key(name)
                && (item.lowercased() == name.lowercased() || DirectionFile.isDirectionFile(URL(fileURLWithPath: item)))
        } ?? []
        if !existing.isEmpty && !overwrite {
            throw DirectionError.pluginExists(path: directory.appendingPathComponent(existing[0]).path)
        }

        let token = UUID().uuidString
        let staging = directory.appendingPathComponent(".\(name).import-\(token)", isDirectory: true)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            try fm.copyItem(at: file, to: staging.appendingPathComponent(manifest.file))
            try manifest.write(to: staging.appendingPathComponent(DirectionManifest.fileName))
            _ = try Direction.loadPlugin(at: staging)
        } catch {
            try? fm.removeItem(at: staging)
            if error is DirectionError || error is JSONError { throw error }
            throw DirectionError.writeFailed(path: target.path, reason: "\(error)")
        }

        // Move the old entries aside, put the new folder in place, then delete the old ones.
        var movedAside: [(from: URL, to: URL)] = []
        do {
            for (i, item) in existing.enumerated() {
                let from = directory.appendingPathComponent(item)
                let aside = directory.appendingPathComponent(".\(name).replaced-\(token)-\(i)")
                try fm.moveItem(at: from, to: aside)
                movedAside.append((from, aside))
            }
            try fm.moveItem(at: staging, to: target)
        } catch {
            for moved in movedAside.reversed() { try? fm.moveItem(at: moved.to, to: moved.from) }
            try? fm.removeItem(at: staging)
            throw DirectionError.writeFailed(path: target.path, reason: error.localizedDescription)
        }
        for moved in movedAside { try? fm.removeItem(at: moved.to) }
        return target
    }
}
