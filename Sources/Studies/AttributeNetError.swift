import Checkpoints

/// Failures of loading or running an attribute network. Messages name the file, and the key and
/// expected vs actual shape where that applies.
public enum AttributeNetError: Error, CustomStringConvertible, Equatable {
    /// The `config` entry is missing or has a wrong value.
    case badConfig(file: String, key: String, reason: String)
    /// Tensors the network needs are absent, mis-shaped, or present but unused (strict loading).
    case weightsMismatch(file: String, problems: [WeightProblem])
    /// The input is not `[B, 3, H, W]`.
    case badInput(shape: [Int])

    /// One problem of strict loading (see `Checkpoints.WeightProblem`).
    public typealias WeightProblem = Checkpoints.WeightProblem

    public var description: String {
        switch self {
        case let .badConfig(file, key, reason): return "\(file): attribute network config '\(key)': \(reason)"
        case let .weightsMismatch(file, problems):
            return "\(file): attribute network weights do not match its config: " + problems.map(\.description).joined(separator: "; ")
        case let .badInput(shape): return "attribute network: expected images [B, 3, H, W], got \(shape)"
        }
    }
}
