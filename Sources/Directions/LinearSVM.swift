import TensorCore

/// A trained linear classifier `f(x) = w · x + b`, positive for the +1 class. Trained by
/// `LinearSVM.train` (liblinear, L2-regularised, squared hinge loss); `unitNormal` is the
/// boundary normal InterFaceGAN uses as an editing direction.
public struct LinearSVM: Sendable, Equatable {
    /// liblinear solver for the L2-regularised L2-loss (squared hinge) SVM.
    public enum Solver: Sendable, Equatable {
        /// Dual coordinate descent (liblinear's L2R_L2LOSS_SVC_DUAL): the default, fast when N ≲ D·1000.
        case dual
        /// Primal trust-region Newton (L2R_L2LOSS_SVC): better for very large N.
        case primal
    }

    /// Training settings.
    public struct Parameters: Sendable, Equatable {
        /// The cost C of margin violations (> 0). Larger values fit the training set harder.
        public var cost: Double
        public var solver: Solver
        /// Learns an intercept b through a constant feature of value 1 appended to each sample.
        /// liblinear 2.3 regularises that feature's weight like the others.
        public var fitsBias: Bool
        /// Stopping tolerance (liblinear's eps); nil uses liblinear's default (0.1 dual, 0.01 primal).
        public var tolerance: Double?

        public init(cost: Double = 1, solver: Solver = .dual, fitsBias: Bool = true, tolerance: Double? = nil) {
            self.cost = cost
            self.solver = solver
            self.fitsBias = fitsBias
            self.tolerance = tolerance
        }
    }

    /// w: [D].
    public let weights: [Float]
    /// b (0 when trained without a bias).
    public let bias: Float

    public init(weights: [Float], bias: Float) {
        self.weights = weights
        self.bias = bias
    }

    /// D.
    public var dimensions: Int { weights.count }

    /// w / |w| : [D] (all zeros if w is zero).
    public var unitNormal: [Float] {
        let norm = weights.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return norm > 0 ? weights.map { Float(Double($0) / norm) } : weights
    }

    /// f(x) = w · x + b for each row. features: [N, D] → [N]. Accumulates in Double.
    public func decisionValues(_ features: Tensor) throws -> [Float] {
        guard features.rank == 2 else { throw LinearSVMError.featuresNotMatrix(shape: features.shape) }
        let (n, d) = (features.shape[0], features.shape[1])
        guard d == dimensions else { throw LinearSVMError.dimensionMismatch(expected: dimensions, actual: d) }
        return features.withUnsafeBufferPointer { x in
            (0..<n).map { row in
                var sum = Double(bias)
                for j in 0..<d { sum += Double(weights[j]) * Double(x[row * d + j]) }
                return Float(sum)
            }
        }
    }

    /// Predicted labels (+1 where f(x) > 0, else -1). features: [N, D] → [N].
    public func predict(_ features: Tensor) throws -> [Int] {
        try decisionValues(features).map { $0 > 0 ? 1 : -1 }
    }

    /// Fraction of rows whose predicted label equals `labels` (±1). features: [N, D].
    public func accuracy(_ features: Tensor, labels: [Int]) throws -> Double {
        let predicted = try predict(features)
        guard predicted.count == labels.count else {
            throw LinearSVMError.labelCountMismatch(samples: predicted.count, labels: labels.count)
        }
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
