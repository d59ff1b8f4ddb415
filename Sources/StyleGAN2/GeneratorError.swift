import Checkpoints

/// Errors of the StyleGAN2 generator: loading (naming the file, keys and shapes) and bad inputs.
public enum GeneratorError: Error, CustomStringConvertible, Equatable {
    /// One problem of strict loading (shared with every loader, see `Checkpoints.WeightProblem`).
    public typealias WeightProblem = Checkpoints.WeightProblem

    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// The file is not a generator checkpoint: `found` says what it holds, the message says what was expected.
    case notAGenerator(file: String, found: String)
    /// The configuration could not be inferred from the keys (e.g. no `input`/`conv1` tensors).
    case configurationNotInferred(file: String, reason: String)
    /// Strict loading failed: every missing, unused, mis-shaped or invalid tensor at once.
    case weightsMismatch(file: String, configuration: String, problems: [WeightProblem])
    /// The checkpoint's `latent_avg` has an unusable shape.
    case latentAverageShape(file: String, key: String, expected: String, actual: [Int])
    /// A tensor argument has the wrong shape.
    case invalidInput(argument: String, expected: String, actual: [Int])
    /// Truncation was requested but the generator has no average latent and none was given.
    case noTruncationLatent
    /// ψ out of range or not finite.
    case invalidTruncation(Float)

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason):
            return "StyleGAN2: invalid generator configuration: \(reason)"
        case let .notAGenerator(file, found):
            return "\(file): not a StyleGAN2 generator checkpoint: found \(found); expected a ReStyle checkpoint "
                + "(state_dict with decoder.* tensors), a rosinality checkpoint (g_ema) or a bare generator state dict"
        case let .configurationNotInferred(file, reason):
            return "\(file): cannot infer the generator configuration: \(reason)"
        case let .weightsMismatch(file, configuration, problems):
            return "\(file): the generator tensors do not match the inferred configuration (\(configuration)); "
                + "\(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
        case let .latentAverageShape(file, key, expected, actual):
            return "\(file): key '\(key)': expected shape \(expected), found \(actual)"
        case let .invalidInput(argument, expected, actual):
            return "StyleGAN2: \(argument) has shape \(actual), expected \(expected)"
        case .noTruncationLatent:
            return "StyleGAN2: truncation needs an average latent, but the checkpoint has no latent_avg and none was given"
        case .invalidTruncation(let psi):
            return "StyleGAN2: truncation ψ = \(psi) is not a finite number"
        }
    }
}
