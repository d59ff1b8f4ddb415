/// Errors raised by TensorCore kernels on bad input (wrong shapes, failed LAPACK calls).
///
/// Messages name the operation, the argument, and expected versus actual shapes.
public enum TensorCoreError: Error, CustomStringConvertible, Equatable {
    /// `operation`'s argument `argument` had shape `actual`; `expected` describes what was required.
    case shapeMismatch(operation: String, argument: String, expected: String, actual: [Int])
    /// A parameter (stride, padding, size, …) was out of range.
    case invalidParameter(operation: String, parameter: String, reason: String)
    /// A LAPACK routine returned `info != 0`.
    case lapackFailure(routine: String, info: Int32, meaning: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, argument, expected, actual):
            return "TensorCore.\(operation): \(argument) has shape \(actual), expected \(expected)"
        case let .invalidParameter(operation, parameter, reason):
            return "TensorCore.\(operation): invalid \(parameter): \(reason)"
        case let .lapackFailure(routine, info, meaning):
            return "TensorCore: LAPACK \(routine) failed with info = \(info) (\(meaning))"
        }
    }
}

extension TensorCoreError {
    /// Throws `shapeMismatch` unless `tensor.rank == rank`.
    static func requireRank(_ tensor: Tensor, _ rank: Int, _ operation: String, _ argument: String,
                            _ layout: String) throws {
        guard tensor.rank == rank else {
            throw TensorCoreError.shapeMismatch(operation: operation, argument: argument,
                                                expected: "rank \(rank) \(layout)", actual: tensor.shape)
        }
    }

    /// Throws `shapeMismatch` unless `tensor.shape == shape`.
    static func requireShape(_ tensor: Tensor, _ shape: [Int], _ operation: String, _ argument: String) throws {
        guard tensor.shape == shape else {
            throw TensorCoreError.shapeMismatch(operation: operation, argument: argument,
                                                expected: "\(shape)", actual: tensor.shape)
        }
    }
}
