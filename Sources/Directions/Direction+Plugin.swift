import Foundation
import JSONCodec
import TensorCore

extension Direction {
    /// Loads the plugin folder `folder` (`manifest.json` + its vector file).
    ///
    /// The manifest's `format`, when given, must match the file's content (`npy`: a NumPy array, `pt`: a torch
    /// tensor, `ganspace`: a PCA dict, with `component` < K); `space: "w"` needs a one-row vector; `layers` must fit
    /// a per-row `[n, D]` vector. Errors name the manifest (and key) or the vector file.
    public static func loadPlugin(at folder: URL) throws -> Direction {
        let manifestURL = folder.appendingPathComponent(DirectionManifest.fileName)
        let manifest = try DirectionManifest.load(from: manifestURL)
        return try load(manifest: manifest, manifestURL: manifestURL)
    }

    /// Builds the direction `manifest` describes; `manifestURL` locates the vector file (same folder) and names errors.
    public static func load(manifest: DirectionManifest, manifestURL: URL) throws -> Direction {
        let source = manifestURL.path
        let context = JSONContext(source: source)
        let fileURL = manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.file)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fileURL.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw context.appending("file").invalidValue("no such file: \(fileURL.path)")
        }

        var direction: Direction
        switch try DirectionFile.read(fileURL) {
        case .vector(let tensor, let stored):
            if let format = manifest.format, format != stored {
                throw context.appending("format").invalidValue(
                    "\"\(format.rawValue)\", but \(manifest.file) is \(stored == .npy ? "a NumPy array (\"npy\")" : "a torch tensor (\"pt\")")")
            }
            direction = Direction(name: manifest.name, source: fileURL, vector: tensor, format: stored,
                                  space: tensor.shape[0] == 1 ? .w : .wPlus)
        case .pca(let pca):
            guard manifest.format == .ganspace, let component = manifest.component else {
                throw context.appending("format").invalidValue(
                    "\(manifest.file) is a GANSpace PCA file (\(pca.componentCount) components): set \"format\": \"ganspace\" and \"component\"")
            }
            guard component < pca.componentCount else {
                throw context.appending("component").invalidValue(
                    "\(component) is not one of the components 0-\(pca.componentCount - 1) of \(manifest.file)")
            }
            direction = try pca.component(component, name: manifest.name)
        }

        if manifest.space == .w && direction.rowCount > 1 {
            throw context.appending("space").invalidValue(
                "\"w\" needs a one-row direction; \(manifest.file) has \(direction.rowCount) rows (use \"w+\")")
        }
        if let layers = manifest.layers, direction.rowCount > 1 {
            do { try layers.validated(styleCount: direction.rowCount) } catch let error as LayerRangeError {
                throw context.appending("layers").invalidValue(error.description)
            }
        }
        return direction.with(defaultLayers: manifest.layers, defaultStrength: manifest.defaultStrength,
                              strengthRange: .some(manifest.strengthRange), mode: manifest.mode,
                              method: manifest.method.map { .some($0) }, space: manifest.space,
                              description: .some(manifest.description), manifestURL: manifestURL, manifest: manifest)
    }
}
