import TensorCore

/// SeFa (closed-form factorisation, Shen & Zhou 2021) of StyleGAN2 style-modulation weights.
///
/// Each styled module maps a W row w `[D]` to per-channel styles `s = A_m·w + b` with `A_m` `[C_m, D]`
/// (`modulation.weight`; the constant 1/√D equalised-learning-rate factor does not matter here because every
/// row is normalised). The chosen modules' matrices are stacked along the output axis, `A = [A_1; A_2; …]`
/// `[ΣC, D]`, each row (one output channel's weight vector, i.e. one column of the `[D, ΣC]` transpose SeFa's
/// reference code builds) is scaled to unit length, and the directions are the eigenvectors of `AᵀA` `[D, D]`
/// with the largest eigenvalues (LAPACK `ssyevd`).
public enum SeFa {
    public struct Result: Sendable {
        /// `[K]`, descending.
        public let eigenvalues: [Float]
        /// `[K, D]`, row k the unit eigenvector of `eigenvalues[k]` (sign as LAPACK returns it).
        public let directions: Tensor
    }

    /// weights: modulation matrices `[C_m, D]` (same D). count: K in 1…D.
    public static func factorize(weights: [Tensor], count: Int) throws -> Result {
        guard let first = weights.first else { throw AuthoringError.invalidMatrix(what: "SeFa weights", reason: "no layers chosen") }
        let d = first.shape.last ?? 0
        guard count >= 1 && count <= d else { throw AuthoringError.invalidCount(what: "--count", value: count, valid: "1…\(d)") }
        var stacked = [Float]()
        for (m, w) in weights.enumerated() {
            guard w.rank == 2, w.shape[1] == d, w.shape[0] >= 1 else {
                throw AuthoringError.invalidMatrix(what: "SeFa weights[\(m)]", reason: "shape \(w.shape), expected [C, \(d)]")
            }
            let c = w.shape[0]
            try w.withUnsafeBufferPointer { p in
                for o in 0..<c {
                    var s = 0.0
                    for j in 0..<d { s += Double(p[o * d + j]) * Double(p[o * d + j]) }
                    guard s.isFinite else { throw AuthoringError.invalidMatrix(what: "SeFa weights[\(m)]", reason: "row \(o) is not finite") }
                    let inv = s > 0 ? 1 / s.squareRoot() : 0   // an all-zero row stays zero (adds nothing)
                    for j in 0..<d { stacked.append(Float(Double(p[o * d + j]) * inv)) }
                }
            }
        }
        let a = Tensor(shape: [stacked.count / d, d], values: stacked)
        let gram = try Tensor.matmul(a, a, transposeA: true)            // AᵀA: [D, D]
        let eigen = try SymmetricEigen(gram)
        let values = Array(eigen.values.scalars.prefix(count))
        let vectors = Array(eigen.vectors.scalars.prefix(count * d))
        return Result(eigenvalues: values, directions: Tensor(shape: [count, d], values: vectors))
    }
}
