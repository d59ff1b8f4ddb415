/// A plugin or file that could not be loaded, or a directory that could not be searched: `path: reason`.
public struct DirectionProblem: Sendable, Equatable, CustomStringConvertible {
    /// The plugin folder, file or directory.
    public let path: String
    /// Why it was skipped (the loader's error message).
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { reason.hasPrefix(path) ? reason : "\(path): \(reason)" }
}

/// A direction hidden by one of the same name (case-insensitive) found in an earlier search directory.
public struct ShadowedDirection: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    /// The hidden plugin folder or file.
    public let path: String
    /// The plugin folder or file that wins.
    public let shadowedBy: String

    public var description: String { "\(path): direction \"\(name)\" is shadowed by \(shadowedBy)" }
}
