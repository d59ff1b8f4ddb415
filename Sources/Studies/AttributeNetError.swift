/// Failures of loading or running an attribute network. Messages name the file, and the key and
/// expected vs actual shape where that applies.
public enum AttributeNetError: Error, CustomStringConvertible, Equatable {
    /// The `config` entry is missing or has a wrong value.
    case badConfig(file: String, key: String, reason: String)
    /// Tensors the network needs are absent, mis-shaped, or present but unused (strict loading).
    case weightsMismatch(file: String, problems: [WeightProblem])
    /// The input is not `[B, 3, H, W]`.
    case badInput(shape: [Int])

    public enum WeightProblem: Equatable, CustomStringConvertible, Sendable {
        case missing(key: String, expected: [Int])
        case shape(key: String, expected: [Int], actual: [Int])
        case unused(key: String, actual: [Int])

        public var description: String {
            switch self {
            case let .missing(key, expected): return "missing '\(key)' (expected shape \(expected))"
            case let .shape(key, expected, actual): return "'\(key)': expected shape \(expected), found \(actual)"
            case let .unused(key, actual): return "unused '\(key)' (shape \(actual))"
            }
        }
    }

    public var description: String {
        switch self {
        case let .badConfig(file, key, reason): return "\(file): attribute network config '\(key)': \(reason)"
        case let .weightsMismatch(file, problems):
            return "\(file): attribute network weights do not match its config: " + problems.map(\.description).joined(separator: "; ")
        case let .badInput(shape): return "attribute network: expected images [B, 3, H, W], got \(shape)"
        }
    }
}
