import Checkpoints
import Foundation
import Inversion

/// What a checkpoint holds.
public enum CheckpointKind {
    /// True when the file holds a ReStyle encoder next to its generator, so it can invert.
    public static func holdsEncoder(_ url: URL) throws -> Bool {
        ReStyleModel.holdsEncoder(try StateDict.load(url))
    }
}
