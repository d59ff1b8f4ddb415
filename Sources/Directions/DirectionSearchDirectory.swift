import Foundation

/// One directory of the direction search path, and why it is searched.
public struct DirectionSearchDirectory: Sendable, Equatable, CustomStringConvertible {
    public enum Origin: String, Sendable {
        /// Given on the command line (`--directions DIR`): a missing directory is a problem.
        case explicit
        /// From `$RESTYLE_DIRECTIONS`: skipped quietly when missing.
        case environment
        /// The model's `directions/` folder: skipped quietly when missing.
        case model
    }

    public let url: URL
    public let origin: Origin

    public init(_ url: URL, origin: Origin = .explicit) {
        self.url = url
        self.origin = origin
    }

    public var description: String { url.path }
}
