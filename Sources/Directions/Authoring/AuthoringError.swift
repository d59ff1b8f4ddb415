/// Bad input or a failure while authoring a direction (InterFaceGAN boundary, SeFa, GANSpace PCA).
/// Messages name the file or argument and the expected vs actual size or value.
public enum AuthoringError: Error, Equatable, CustomStringConvertible {
    /// The latent codes are not `[N, D]` or `[N, n, D]`.
    case codesShape(file: String, shape: [Int])
    /// A codes file that cannot be read.
    case unreadable(file: String, reason: String)
    /// Codes and scores hold different numbers of samples.
    case lengthMismatch(codesFile: String, codes: Int, scoresFile: String, scores: Int)
    /// Scores are not `[N]` or `[N, 1]` (or a CSV column could not be read).
    case scoresUnreadable(file: String, reason: String)
    /// More NaN scores than `maxNaNFraction` allows.
    case tooManyNaNScores(file: String, nanCount: Int, total: Int, maxFraction: Double)
    /// `ratio` outside (0, 0.5].
    case invalidRatio(Double)
    /// `trainSplit` outside (0, 1).
    case invalidTrainSplit(Double)
    /// Fewer than `minimum` samples in the positive or negative set.
    case tooFewSamples(perClass: Int, minimum: Int, valid: Int, ratio: Double)
    /// A condition direction whose width (or row count) does not fit the boundary.
    case conditionMismatch(name: String, reason: String)
    /// A count (components, samples) outside its valid range.
    case invalidCount(what: String, value: Int, valid: String)
    /// Weights or codes that cannot be factorised (zero rows, non-finite values, wrong shapes).
    case invalidMatrix(what: String, reason: String)

    public var description: String {
        switch self {
        case let .codesShape(file, shape):
            return "\(file): latent codes have shape \(shape); expected [N, D] (W) or [N, n_styles, D] (W+)"
        case let .unreadable(file, reason):
            return reason.hasPrefix(file) ? reason : "\(file): cannot read latent codes: \(reason)"
        case let .lengthMismatch(codesFile, codes, scoresFile, scores):
            return "\(codesFile) holds \(codes) codes but \(scoresFile) holds \(scores) scores; they must match one to one"
        case let .scoresUnreadable(file, reason):
            return "\(file): cannot read scores: \(reason)"
        case let .tooManyNaNScores(file, nanCount, total, maxFraction):
            return "\(file): \(nanCount) of \(total) scores are NaN or missing, more than the \(Int((maxFraction * 100).rounded()))% allowed"
        case .invalidRatio(let r):
            return "--ratio must be in (0, 0.5], got \(r)"
        case .invalidTrainSplit(let s):
            return "--train-split must be in (0, 1), got \(s)"
        case let .tooFewSamples(perClass, minimum, valid, ratio):
            return "ratio \(ratio) of \(valid) scored samples keeps \(perClass) per class; at least \(minimum) per class are needed (more samples or a larger --ratio)"
        case let .conditionMismatch(name, reason):
            return "condition direction \"\(name)\": \(reason)"
        case let .invalidCount(what, value, valid):
            return "\(what) must be \(valid), got \(value)"
        case let .invalidMatrix(what, reason):
            return "\(what): \(reason)"
        }
    }
}
