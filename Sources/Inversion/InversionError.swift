import Checkpoints

/// Errors of the Inversion module: loading encoders and ReStyle checkpoints (naming the file, keys and
/// shapes), mismatched parts, and bad inputs to the encoder or the inverter.
public enum InversionError: Error, CustomStringConvertible, Equatable {
    /// One problem of strict loading (shared with every loader, see `Checkpoints.WeightProblem`).
    public typealias WeightProblem = Checkpoints.WeightProblem

    /// The file has no encoder tensors (`found` says what it holds).
    case notAnEncoder(file: String, found: String)
    /// The encoder architecture could not be inferred from the keys and shapes.
    case configurationNotInferred(file: String, reason: String)
    /// Strict loading failed: every missing, unused, mis-shaped or invalid encoder tensor at once.
    case weightsMismatch(file: String, configuration: String, problems: [WeightProblem])
    /// The checkpoint has no `opts.encoder_type` and no encoder type was given.
    case missingEncoderType(file: String)
    /// `opts.encoder_type` (or the override) names no ReStyle encoder.
    case unknownEncoderType(file: String, name: String)
    /// A known encoder type this implementation does not run (the FPN `GradualStyleEncoder` variants).
    case unsupportedEncoderType(file: String, name: String, reason: String)
    /// The encoder type needs a different backbone than the checkpoint's tensors hold.
    case backboneMismatch(file: String, encoderType: String, expected: String, found: String)
    /// The ReStyle checkpoint has no top-level `latent_avg`.
    case missingLatentAverage(file: String)
    /// `latent_avg` (or a starting code) has an unusable shape.
    case latentShape(source: String, expected: String, actual: [Int])
    /// Encoder and generator (or two models) disagree (n_styles vs resolution, style dims, input channels…).
    case incompatibleParts(String)
    /// A tensor argument has the wrong shape.
    case invalidInput(argument: String, expected: String, actual: [Int])
    /// An option is out of range (iterations, tolerance, bootstrap steps…).
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case let .notAnEncoder(file, found):
            return "\(file): no ReStyle encoder found: \(found); expected a ReStyle checkpoint whose state_dict holds encoder.* tensors"
        case let .configurationNotInferred(file, reason):
            return "\(file): cannot infer the encoder architecture: \(reason)"
        case let .weightsMismatch(file, configuration, problems):
            return "\(file): the encoder tensors do not match the inferred configuration (\(configuration)); "
                + "\(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
        case let .missingEncoderType(file):
            return "\(file): the checkpoint has no opts.encoder_type; pass the encoder type explicitly (--encoder-type, one of "
                + EncoderType.allCases.filter(\.isSupported).map(\.rawValue).joined(separator: ", ") + ")"
        case let .unknownEncoderType(file, name):
            return "\(file): unknown encoder type '\(name)'; known: " + EncoderType.allCases.map(\.rawValue).joined(separator: ", ")
        case let .unsupportedEncoderType(file, name, reason):
            return "\(file): encoder type '\(name)' is not supported: \(reason)"
        case let .backboneMismatch(file, encoderType, expected, found):
            return "\(file): encoder type '\(encoderType)' needs a \(expected) backbone, but the checkpoint's encoder.* tensors are a \(found) backbone"
        case let .missingLatentAverage(file):
            return "\(file): the checkpoint has no top-level 'latent_avg'; ReStyle starts every inversion from it"
        case let .latentShape(source, expected, actual):
            return "\(source): expected shape \(expected), found \(actual)"
        case let .incompatibleParts(reason):
            return "ReStyle: incompatible parts: \(reason)"
        case let .invalidInput(argument, expected, actual):
            return "ReStyle: \(argument) has shape \(actual), expected \(expected)"
        case let .invalidOption(name, reason):
            return "ReStyle: invalid \(name): \(reason)"
        }
    }
}
