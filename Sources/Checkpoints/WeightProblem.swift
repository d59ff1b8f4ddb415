/// One problem found while matching a checkpoint's tensors to the network a loader inferred (strict loading:
/// the generator, the ReStyle encoders and the attribute network report every problem at once, by key).
public enum WeightProblem: Equatable, Sendable, CustomStringConvertible {
    /// A tensor the network needs is absent.
    case missing(key: String, expected: [Int])
    /// A tensor the network does not use (strict loading rejects it).
    case unused(key: String, actual: [Int])
    /// A tensor has another shape than the configuration implies.
    case shapeMismatch(key: String, expected: [Int], actual: [Int])
    /// A tensor has the right shape but unusable contents (a blur buffer that is not K4, an integer dtype…).
    case invalidValue(key: String, reason: String)

    /// The checkpoint key this problem is about.
    public var key: String {
        switch self {
        case .missing(let k, _), .unused(let k, _), .shapeMismatch(let k, _, _), .invalidValue(let k, _): return k
        }
    }

    public var description: String {
        switch self {
        case let .missing(key, expected): return "missing key '\(key)' (expected shape \(expected))"
        case let .unused(key, actual): return "unused key '\(key)' (shape \(actual))"
        case let .shapeMismatch(key, expected, actual): return "key '\(key)': expected shape \(expected), found \(actual)"
        case let .invalidValue(key, reason): return "key '\(key)': \(reason)"
        }
    }
}
