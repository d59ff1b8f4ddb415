import Foundation

extension DirectionLibrary {
    /// Checks `directory` against a model (`directions validate DIR`): a plugin folder (holding `manifest.json`)
    /// is checked alone; any other directory is scanned like a search directory. The result's `problems` are
    /// empty when everything is valid; `entries` lists what loaded.
    public static func validate(directory: URL, styleCount: Int, styleDim: Int) -> DirectionLibrary {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent(DirectionManifest.fileName).path) {
            return DirectionLibrary(pluginFolder: directory, styleCount: styleCount, styleDim: styleDim)
        }
        return DirectionLibrary(directories: [DirectionSearchDirectory(directory, origin: .explicit)],
                                styleCount: styleCount, styleDim: styleDim)
    }

    /// Whether nothing was reported.
    public var isValid: Bool { problems.isEmpty }
}
