import TensorCore

/// GANSpace PCA of W codes (Härkönen et al. 2020): the mean, the top-K principal axes and the standard
/// deviation of the codes along each, in the layout e4e's `ffhq_pca.pt` uses.
public struct PrincipalComponents: Sendable {
    /// `[1, D]`.
    public let mean: Tensor
    /// `[K, D]`, orthonormal rows, variance descending (sign as LAPACK returns it).
    public let components: Tensor
    /// `[K]`: √(variance along each component), sample variance (N − 1).
    public let standardDeviations: [Float]
    /// `[K]`: the variances (eigenvalues of the covariance).
    public let explainedVariance: [Float]
    /// `[K]`: variance / total variance of the codes.
    public let explainedVarianceRatio: [Float]

    /// codes: `[N, D]` with N ≥ 2; count K in 1…min(D, N − 1). Covariance `XcᵀXc/(N−1)` `[D, D]` (Xc centred in
    /// Double for the mean) and its eigendecomposition (LAPACK `ssyevd`): O(N·D² + D³), fine for D ≤ a few thousand.
    public init(codes: Tensor, count: Int) throws {
        guard codes.rank == 2, codes.shape[0] >= 2, codes.shape[1] >= 1 else {
            throw AuthoringError.invalidMatrix(what: "PCA codes", reason: "shape \(codes.shape), expected [N, D] with N ≥ 2")
        }
        let (n, d) = (codes.shape[0], codes.shape[1])
        guard count >= 1 && count <= min(d, n - 1) else {
            throw AuthoringError.invalidCount(what: "--components", value: count, valid: "1…\(min(d, n - 1)) (min(D, samples − 1))")
        }
        var meanD = [Double](repeating: 0, count: d)
        var centred = [Float](repeating: 0, count: n * d)
        try codes.withUnsafeBufferPointer { x in
            for i in 0..<n * d {
                guard x[i].isFinite else { throw AuthoringError.invalidMatrix(what: "PCA codes", reason: "value \(i) is \(x[i])") }
                meanD[i % d] += Double(x[i])
            }
            for j in 0..<d { meanD[j] /= Double(n) }
            for i in 0..<n * d { centred[i] = Float(Double(x[i]) - meanD[i % d]) }
        }
        let xc = Tensor(shape: [n, d], values: centred)
        let covariance = try Tensor.matmul(xc, xc, transposeA: true, alpha: Float(1 / Double(n - 1)))
        let eigen = try SymmetricEigen(covariance)
        let all = eigen.values.scalars
        let total = (0..<d).reduce(0.0) { $0 + Double(covariance.scalars[$1 * d + $1]) }
        let variances = all.prefix(count).map { max($0, 0) }
        mean = Tensor(shape: [1, d], values: meanD.map { Float($0) })
        components = Tensor(shape: [count, d], values: Array(eigen.vectors.scalars.prefix(count * d)))
        explainedVariance = Array(variances)
        standardDeviations = variances.map { $0.squareRoot() }
        explainedVarianceRatio = variances.map { total > 0 ? Float(Double($0) / total) : 0 }
    }
}
