import Foundation

/// One directory of the direction search path, and why it is searched.
public struct DirectionSearchDirectory: Sendable, Equatable, CustomStringConvertible {
    public enum Origin: String, Sendable {
        /// Given on the command line (`--directions DIR`): a missing directory is a problem.
        case explicit
        /// From `$RESTYLE_DIRECTIONS`: skipped quietly when missing.
        case environment
        /// The user's own plugins (`userDirectory`, where `directions import` writes by default): skipped quietly when
        /// missing.
        case user
        /// The model's `directions/` folder: skipped quietly when missing.
        case model
    }

    /// `$XDG_DATA_HOME/restyle-edit/directions`, else `~/.local/share/restyle-edit/directions`.
    public static func userDirectory(environment: [String: String]) -> URL {
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share", isDirectory: true)
        }
        return base.appendingPathComponent("restyle-edit/directions", isDirectory: true)
    }

    public let url: URL
    public let origin: Origin

    public init(_ url: URL, origin: Origin = .explicit) {
        self.url = url
        self.origin = origin
    }

    public var description: String { url.path }
}
