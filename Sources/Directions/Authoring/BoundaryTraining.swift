import TensorCore

/// InterFaceGAN boundary training: rank samples by score, keep the top and bottom `ratio` as the positive and
/// negative sets, split each class into train/validation with a seeded shuffle, fit an L2-regularised linear SVM
/// (liblinear), and take the unit normal of the separating hyperplane as the editing direction.
public enum BoundaryTraining {
    /// How W+ codes `[N, n, D]` become features.
    public enum RowMode: String, Sendable {
        /// One boundary per W+ row: the direction is `[n, D]` (space `w+`).
        case perRow = "per-row"
        /// Average the rows of each code, one boundary `[1, D]` (space `w`).
        case rowMean = "row-mean"
    }

    public struct Options: Sendable, Equatable {
        /// Fraction of the scored samples kept at each end, in (0, 0.5].
        public var ratio: Double = 0.02
        /// Fraction of each class used for training, in (0, 1); the rest is the validation set.
        public var trainSplit: Double = 0.7
        /// The SVM's C.
        public var cost: Double = 1
        /// Seed of the train/validation shuffle.
        public var seed: UInt64 = 0
        /// liblinear solver; nil picks `.dual` up to 50 000 training samples, `.primal` above.
        public var solver: LinearSVM.Solver?
        /// Largest fraction of NaN scores that are dropped; more is an error.
        public var maxNaNFraction: Double = 0.1
        /// Fewest samples per class.
        public var minimumPerClass: Int = 10
        public var rowMode: RowMode = .rowMean

        public init(ratio: Double = 0.02, trainSplit: Double = 0.7, cost: Double = 1, seed: UInt64 = 0,
                    solver: LinearSVM.Solver? = nil, maxNaNFraction: Double = 0.1, minimumPerClass: Int = 10,
                    rowMode: RowMode = .rowMean) {
            self.ratio = ratio; self.trainSplit = trainSplit; self.cost = cost; self.seed = seed; self.solver = solver
            self.maxNaNFraction = maxNaNFraction; self.minimumPerClass = minimumPerClass; self.rowMode = rowMode
        }
    }

    /// The chosen samples (indices into the codes), shuffled and split.
    public struct Selection: Sendable, Equatable {
        public var trainPositive: [Int], validationPositive: [Int]
        public var trainNegative: [Int], validationNegative: [Int]
        /// Scores that were NaN (dropped).
        public var droppedNaN: Int
        /// Scores that were finite.
        public var validCount: Int
        public var perClass: Int { trainPositive.count + validationPositive.count }
    }

    public struct Result: Sendable {
        /// `[1, D]` (W or row mean) or `[n, D]` (per row); each row unit length, conditions projected out.
        public let direction: Tensor
        /// Validation accuracy per trained row (one entry for W / row mean).
        public let validationAccuracies: [Double]
        /// Training accuracy per trained row.
        public let trainingAccuracies: [Double]
        public let selection: Selection
        public let solver: LinearSVM.Solver
        public var meanValidationAccuracy: Double {
            validationAccuracies.reduce(0, +) / Double(max(validationAccuracies.count, 1))
        }
    }

    /// Ranks `scores` (NaN dropped) and picks `ratio·valid` samples at each end, split into train/validation.
    /// `scoresFile` names errors.
    public static func select(scores: [Float], options: Options, scoresFile: String = "scores") throws -> Selection {
        guard options.ratio > 0 && options.ratio <= 0.5 else { throw AuthoringError.invalidRatio(options.ratio) }
        guard options.trainSplit > 0 && options.trainSplit < 1 else { throw AuthoringError.invalidTrainSplit(options.trainSplit) }
        let valid = scores.indices.filter { scores[$0].isFinite }
        let dropped = scores.count - valid.count
        if dropped > 0 && Double(dropped) > options.maxNaNFraction * Double(scores.count) {
            throw AuthoringError.tooManyNaNScores(file: scoresFile, nanCount: dropped, total: scores.count,
                                                  maxFraction: options.maxNaNFraction)
        }
        let perClass = Int(options.ratio * Double(valid.count))
        guard perClass >= options.minimumPerClass else {
            throw AuthoringError.tooFewSamples(perClass: perClass, minimum: options.minimumPerClass, valid: valid.count,
                                               ratio: options.ratio)
        }
        // Descending score, ties by index (stable and deterministic).
        let ranked = valid.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var generator = SplitMix64(seed: options.seed)
        var positive = Array(ranked.prefix(perClass)), negative = Array(ranked.suffix(perClass))
        positive.shuffle(using: &generator)
        negative.shuffle(using: &generator)
        let trainCount = min(max(Int(Double(perClass) * options.trainSplit), 1), perClass)
        return Selection(trainPositive: Array(positive.prefix(trainCount)), validationPositive: Array(positive.dropFirst(trainCount)),
                         trainNegative: Array(negative.prefix(trainCount)), validationNegative: Array(negative.dropFirst(trainCount)),
                         droppedNaN: dropped, validCount: valid.count)
    }

    /// Trains a boundary. codes: `[N, D]` or `[N, n, D]`; scores: `[N]`; conditions: directions `[1, D]` or
    /// `[n, D]` to project out (InterFaceGAN conditional manipulation), with their names for errors.
    public static func train(codes: Tensor, scores: [Float], options: Options = Options(),
                             conditions: [(name: String, vector: Tensor)] = [],
                             codesFile: String = "codes", scoresFile: String = "scores") throws -> Result {
        guard (codes.rank == 2 || codes.rank == 3), codes.shape.allSatisfy({ $0 >= 1 }) else {
            throw AuthoringError.codesShape(file: codesFile, shape: codes.shape)
        }
        let n = codes.shape[0], d = codes.shape.last!
        let rows = codes.rank == 3 ? codes.shape[1] : 1
        guard scores.count == n else {
            throw AuthoringError.lengthMismatch(codesFile: codesFile, codes: n, scoresFile: scoresFile, scores: scores.count)
        }
        let outputRows = options.rowMode == .perRow ? rows : 1
        for c in conditions {
            guard c.vector.rank == 2, c.vector.shape[1] == d else {
                throw AuthoringError.conditionMismatch(name: c.name, reason: "shape \(c.vector.shape), expected [1, \(d)] or [\(outputRows), \(d)]")
            }
            guard c.vector.shape[0] == 1 || c.vector.shape[0] == outputRows else {
                throw AuthoringError.conditionMismatch(
                    name: c.name, reason: "has \(c.vector.shape[0]) rows; the boundary has \(outputRows) (use a [1, \(d)] condition)")
            }
        }
        let selection = try select(scores: scores, options: options, scoresFile: scoresFile)
        let trainIndices = selection.trainPositive + selection.trainNegative
        let trainLabels = [Int](repeating: 1, count: selection.trainPositive.count) + [Int](repeating: -1, count: selection.trainNegative.count)
        let valIndices = selection.validationPositive + selection.validationNegative
        let valLabels = [Int](repeating: 1, count: selection.validationPositive.count) + [Int](repeating: -1, count: selection.validationNegative.count)
        let solver = options.solver ?? (trainIndices.count > 50_000 ? .primal : .dual)
        let parameters = LinearSVM.Parameters(cost: options.cost, solver: solver)

        var direction = [Float](), valAcc = [Double](), trainAcc = [Double]()
        for r in 0..<outputRows {
            let row: Int? = codes.rank == 3 ? (options.rowMode == .perRow ? r : nil) : 0
            let train = gather(codes, indices: trainIndices, row: row)
            let svm = try LinearSVM.train(features: train, labels: trainLabels, parameters: parameters)
            trainAcc.append(try svm.accuracy(train, labels: trainLabels))
            valAcc.append(valIndices.isEmpty ? .nan : try svm.accuracy(gather(codes, indices: valIndices, row: row), labels: valLabels))
            var normal = svm.unitNormal
            if !conditions.isEmpty {
                let rowsOfConditions = conditions.map { c -> [Float] in
                    let i = c.vector.shape[0] == 1 ? 0 : r
                    return Array(c.vector.scalars[(i * d)..<((i + 1) * d)])
                }
                normal = ConditionalProjection.normalized(ConditionalProjection.projectOut(normal, conditions: rowsOfConditions))
            }
            direction += normal
        }
        return Result(direction: Tensor(shape: [outputRows, d], values: direction), validationAccuracies: valAcc,
                      trainingAccuracies: trainAcc, selection: selection, solver: solver)
    }

    /// Rows `indices` of codes `[N, D]` (row 0), one W+ row of `[N, n, D]`, or the row mean (`row` nil) → `[M, D]`.
    static func gather(_ codes: Tensor, indices: [Int], row: Int?) -> Tensor {
        let d = codes.shape.last!
        let rows = codes.rank == 3 ? codes.shape[1] : 1
        var out = [Float](repeating: 0, count: indices.count * d)
        codes.withUnsafeBufferPointer { x in
            for (m, i) in indices.enumerated() {
                let base = i * rows * d
                if let row {
                    for j in 0..<d { out[m * d + j] = x[base + row * d + j] }
                } else {
                    for j in 0..<d {
                        var s: Float = 0
                        for q in 0..<rows { s += x[base + q * d + j] }
                        out[m * d + j] = s / Float(rows)
                    }
                }
            }
        }
        return Tensor(shape: [indices.count, d], values: out)
    }
}
