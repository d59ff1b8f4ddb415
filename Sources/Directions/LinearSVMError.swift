/// Invalid input or parameters for `LinearSVM`. Messages name the argument and the expected vs
/// actual shape or value.
public enum LinearSVMError: Error, Equatable, CustomStringConvertible {
    /// Features must be a rank-2 tensor `[N, D]` with N ≥ 1 and D ≥ 1.
    case featuresNotMatrix(shape: [Int])
    /// `labels.count` must equal N.
    case labelCountMismatch(samples: Int, labels: Int)
    /// Labels must be +1 or -1.
    case invalidLabel(index: Int, value: Int)
    /// Both classes must be present.
    case singleClass(label: Int, samples: Int)
    /// Every feature must be finite.
    case nonFiniteFeature(row: Int, column: Int, value: Float)
    /// Features given to a trained model must have its dimension D.
    case dimensionMismatch(expected: Int, actual: Int)
    /// A parameter outside its valid range (or rejected by liblinear's check_parameter).
    case invalidParameter(String)
    /// More samples or dimensions than liblinear's 32-bit indices hold.
    case problemTooLarge(samples: Int, dimensions: Int)
    /// liblinear returned no model.
    case trainingFailed

    public var description: String {
        switch self {
        case .featuresNotMatrix(let shape):
            return "LinearSVM: features must have shape [N, D] with N, D ≥ 1, got \(shape)"
        case let .labelCountMismatch(samples, labels):
            return "LinearSVM: features have \(samples) rows ([N, D] with N = \(samples)) but \(labels) labels were given"
        case let .invalidLabel(index, value):
            return "LinearSVM: label \(index) is \(value); labels must be +1 or -1"
        case let .singleClass(label, samples):
            return "LinearSVM: all \(samples) labels are \(label > 0 ? "+1" : "-1"); both classes are needed"
        case let .nonFiniteFeature(row, column, value):
            return "LinearSVM: feature [\(row), \(column)] is \(value); features must be finite"
        case let .dimensionMismatch(expected, actual):
            return "LinearSVM: model has \(expected) dimensions, features have shape [N, \(actual)]"
        case .invalidParameter(let reason):
            return "LinearSVM: invalid parameter: \(reason)"
        case let .problemTooLarge(samples, dimensions):
            return "LinearSVM: \(samples) samples × \(dimensions) dimensions exceed liblinear's 32-bit limits"
        case .trainingFailed:
            return "LinearSVM: liblinear did not return a model"
        }
    }
}
