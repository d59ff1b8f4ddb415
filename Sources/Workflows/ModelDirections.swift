import Directions
import Foundation

/// The direction plugins a model sees: explicit folders (`--directions`) first, then `$RESTYLE_DIRECTIONS`, the
/// user's folder and the checkpoint's own `directions/`; for the shipped model also the repository's built-in
/// `directions/`. Both front ends (CLI, server) search the same way.
public enum ModelDirections {
    /// The library for a model with `styleCount` W+ rows of `styleDim`, whose checkpoint is `checkpoint`.
    public static func library(checkpoint: URL?, explicit: [URL], styleCount: Int?, styleDim: Int?) -> DirectionLibrary {
        let modelDirectory = checkpoint?.deletingLastPathComponent()
        var path = DirectionLibrary.searchPath(explicit: explicit, environment: ProcessInfo.processInfo.environment,
                                               modelDirectory: modelDirectory)
        if let checkpoint, let builtIn = ShippedModel.builtInDirections(for: checkpoint),
           !path.contains(where: { $0.url.standardizedFileURL == builtIn.standardizedFileURL }) {
            path.append(DirectionSearchDirectory(builtIn, origin: .model))
        }
        return DirectionLibrary(directories: path, styleCount: styleCount, styleDim: styleDim)
    }

    /// A `--directions` folder that does not exist (or is not a folder) is an error, not a silent skip.
    public static func checkExplicit(_ directories: [String], option: String = "--directions") throws {
        for d in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: d, isDirectory: &isDirectory) else {
                throw WorkflowError("\(option) \(d): no such directory")
            }
            guard isDirectory.boolValue else { throw WorkflowError("\(option) \(d): not a directory") }
        }
    }
}
