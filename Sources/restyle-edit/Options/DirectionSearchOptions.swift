import ArgumentParser
import Directions
import Foundation

/// `--directions DIR` (repeatable): where direction plugins are searched before
/// `$RESTYLE_DIRECTIONS` and the model's own `directions/`.
struct DirectionSearchOptions: ParsableArguments {
    @Option(name: .customLong("directions"), help: ArgumentHelp(
        "A directory of direction plugins, searched first (repeatable).", valueName: "dir"),
            completion: .directory)
    var directories: [String] = []

    /// A `--directions` folder that does not exist (or is not a folder) is an error, not a silent skip.
    func reportMissingDirectories() throws {
        for d in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: d, isDirectory: &isDirectory) else {
                throw CLIError("--directions \(d): no such directory")
            }
            guard isDirectory.boolValue else { throw CLIError("--directions \(d): not a directory") }
        }
    }

    /// The library for a model with `styleCount` W+ rows of `styleDim`, whose checkpoint is `checkpoint`.
    func library(checkpoint: URL?, styleCount: Int?, styleDim: Int?) -> DirectionLibrary {
        let modelDirectory = checkpoint?.deletingLastPathComponent()
        var path = DirectionLibrary.searchPath(explicit: directories.map { URL(fileURLWithPath: $0) },
                                               environment: ProcessInfo.processInfo.environment,
                                               modelDirectory: modelDirectory)
        // The shipped model's built-in plugins live in the repository's directions/.
        if let checkpoint, let builtIn = ShippedModel.builtInDirections(for: checkpoint),
           !path.contains(where: { $0.url.standardizedFileURL == builtIn.standardizedFileURL }) {
            path.append(DirectionSearchDirectory(builtIn, origin: .model))
        }
        return DirectionLibrary(directories: path, styleCount: styleCount, styleDim: styleDim)
    }
}
