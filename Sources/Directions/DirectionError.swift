/// Every failure of loading, validating, finding or importing a direction. Messages name the file
/// (or the direction), and the expected vs actual size where that applies.
public enum DirectionError: Error, Equatable, CustomStringConvertible {
    /// The vector file could not be read (wraps the checkpoint reader's message, which names the file).
    case unreadable(file: String, reason: String)
    /// The file holds something that is not a direction (wrong shape, wrong kind of content).
    case invalidContent(file: String, reason: String)
    /// NaN or ±Inf values: how many, and the first one's row and column.
    case nonFinite(file: String, what: String, count: Int, row: Int, column: Int, value: Float)
    /// The vector's width D differs from the model's style dimension.
    case dimensionMismatch(file: String, name: String, expected: Int, actual: Int)
    /// A per-row `[n, D]` direction whose row count differs from the model's `n_styles`.
    case rowCountMismatch(file: String, name: String, expected: Int, actual: Int)
    /// The direction's default layers do not fit the model.
    case layersOutOfRange(file: String, name: String, reason: String)
    /// A name that cannot be a direction name.
    case invalidName(name: String, reason: String)
    /// No direction of that name; `suggestions` are the closest names (up to 3).
    case unknownDirection(name: String, suggestions: [String], searched: [String])
    /// The name matches a plugin or file that was found but could not be used (`problem` says why:
    /// bad JSON, NaN, a dimension that does not fit the model…).
    case unusable(name: String, problem: String)
    /// `name#k` where k is not a component of the PCA file (or not a number).
    case invalidComponent(name: String, file: String, component: String, count: Int)
    /// `name#k` on a direction that is not a GANSpace PCA file.
    case notComponentSet(name: String, file: String)
    /// A GANSpace PCA file named without `#k`.
    case componentRequired(name: String, file: String, count: Int)
    /// `importFile` would replace an existing plugin.
    case pluginExists(path: String)
    /// Writing a plugin failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return reason.hasPrefix(file) ? reason : "\(file): cannot read direction: \(reason)"
        case let .invalidContent(file, reason):
            return "\(file): \(reason)"
        case let .nonFinite(file, what, count, row, column, value):
            return "\(file): \(what) holds \(count) non-finite value\(count == 1 ? "" : "s") (first: \(value) at row \(row), column \(column))"
        case let .dimensionMismatch(file, name, expected, actual):
            return "\(file): direction '\(name)' has dimension \(actual), but the model's style dimension is \(expected)"
        case let .rowCountMismatch(file, name, expected, actual):
            return "\(file): direction '\(name)' has \(actual) W+ rows, but the model has \(expected) (expected [1, D] or [\(expected), D])"
        case let .layersOutOfRange(file, name, reason):
            return "\(file): direction '\(name)': \(reason)"
        case let .invalidName(name, reason):
            return "invalid direction name \"\(name)\": \(reason)"
        case let .unknownDirection(name, suggestions, searched):
            var text = "unknown direction \"\(name)\""
            if !suggestions.isEmpty { text += "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?" }
            text += searched.isEmpty ? " (no direction directories were searched)"
                : " (searched: " + searched.joined(separator: ", ") + ")"
            return text
        case let .unusable(name, problem):
            return "direction \"\(name)\" cannot be used: \(problem)"
        case let .invalidComponent(name, file, component, count):
            return "\(file): direction \"\(name)\": component \"\(component)\" is not one of 0-\(count - 1) of this GANSpace PCA file"
        case let .notComponentSet(name, file):
            return "\(file): direction \"\(name)\" is not a GANSpace PCA file; \"#k\" selects a component of one"
        case let .componentRequired(name, file, count):
            return "\(file): \"\(name)\" is a GANSpace PCA file with \(count) components; name one as \(name)#0 … \(name)#\(count - 1)"
        case let .pluginExists(path):
            return "\(path): a direction plugin of that name already exists (pass overwrite to replace it)"
        case let .writeFailed(path, reason):
            return "\(path): cannot write plugin: \(reason)"
        }
    }
}
