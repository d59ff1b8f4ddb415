import ArgumentParser
import Directions
import Foundation
import Workflows

/// `--directions DIR` (repeatable): where direction plugins are searched before
/// `$RESTYLE_DIRECTIONS` and the model's own `directions/`.
struct DirectionSearchOptions: ParsableArguments {
    @Option(name: .customLong("directions"), help: ArgumentHelp(
        "A directory of direction plugins, searched first (repeatable).", valueName: "dir"),
            completion: .directory)
    var directories: [String] = []

    /// A `--directions` folder that does not exist (or is not a folder) is an error, not a silent skip.
    func reportMissingDirectories() throws { try ModelDirections.checkExplicit(directories) }

    /// The library for a model with `styleCount` W+ rows of `styleDim`, whose checkpoint is `checkpoint`.
    func library(checkpoint: URL?, styleCount: Int?, styleDim: Int?) -> DirectionLibrary {
        ModelDirections.library(checkpoint: checkpoint, explicit: directories.map { URL(fileURLWithPath: $0) },
                                styleCount: styleCount, styleDim: styleDim)
    }
}
