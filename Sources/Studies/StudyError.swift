import Foundation

/// Errors of a study: its file, its inputs, its outputs. Messages name the file (and key path where it applies).
public enum StudyError: Error, Equatable, CustomStringConvertible {
    /// A value of the study file is unusable (`study.json: key "inverters[0].steps": ...`).
    case invalidStudy(file: String, keyPath: String, reason: String)
    /// A file or directory the study names does not exist.
    case missingInput(file: String, keyPath: String, path: String, what: String)
    /// `rendered:N` needs the shipped model.
    case needsShippedModel(file: String, keyPath: String, what: String, expected: String)
    /// The study would produce no cells.
    case noCells(reason: String)
    /// A results / cells file of an output directory is unreadable or malformed.
    case badOutput(path: String, reason: String)
    /// `--shard K/N` text is malformed.
    case badShard(text: String)

    public var description: String {
        switch self {
        case let .invalidStudy(file, keyPath, reason):
            return "\(file): key \"\(keyPath)\": \(reason)"
        case let .missingInput(file, keyPath, path, what):
            return "\(file): key \"\(keyPath)\": \(what) \(path) does not exist"
        case let .needsShippedModel(file, keyPath, what, expected):
            return "\(file): key \"\(keyPath)\": \(what) needs held-out faces and their labels.csv in \(expected) "
                + "(the shipped model, models/synthetic-faces-64, carries them in heldout/)"
        case let .noCells(reason):
            return "the study has no cells to run: \(reason)"
        case let .badOutput(path, reason):
            return "\(path): \(reason)"
        case let .badShard(text):
            return "--shard \"\(text)\": expected K/N with 1 ≤ K ≤ N"
        }
    }
}
