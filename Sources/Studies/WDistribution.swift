import Foundation
import StyleGAN2
import TensorCore

/// A Gaussian fitted to W: mean and regularised covariance of `mapping(z)` for N seeded z ~ N(0, I), kept as
/// the eigendecomposition of the covariance for Mahalanobis distances.
public struct WDistribution: Sendable {
    /// `[D]`.
    public let mean: [Double]
    /// Eigenvalues of the regularised covariance `[D]` (descending) and eigenvectors, row k = vector k, `[D, D]` row-major.
    public let eigenvalues: [Double]
    public let eigenvectors: [Double]
    public var dimension: Int { mean.count }

    /// Fits samples w: `[N, D]`. The covariance (divided by N − 1) gets `ridge · mean(diag)` added to its diagonal
    /// so that rank-deficient or ill-conditioned estimates (N ≤ D, collapsed mapping directions) stay invertible.
    public init(samples w: Tensor, ridge: Double = 1e-3) throws {
        guard w.rank == 2, w.shape[0] >= 2, w.shape[1] >= 1 else {
            throw TensorCoreError.shapeMismatch(operation: "WDistribution", argument: "samples", expected: "[N ≥ 2, D]", actual: w.shape)
        }
        let n = w.shape[0], d = w.shape[1]
        let x = w.scalars
        var mu = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mu[j] += Double(x[i * d + j]) } }
        mu = mu.map { $0 / Double(n) }
        // Centered samples → covariance via GEMM: Xcᵀ·Xc / (N − 1).
        let centered = Tensor(shape: [n, d], values: (0..<(n * d)).map { Float(Double(x[$0]) - mu[$0 % d]) })
        var cov = try Tensor.matmul(centered, centered, transposeA: true).scalars.map { Double($0) / Double(n - 1) }   // [D, D]
        let meanDiagonal = (0..<d).map { cov[$0 * d + $0] }.reduce(0, +) / Double(d)
        let add = ridge * max(meanDiagonal, 1e-12)
        for j in 0..<d { cov[j * d + j] += add }
        for i in 0..<d { for j in 0..<i { let s = (cov[i * d + j] + cov[j * d + i]) / 2; cov[i * d + j] = s; cov[j * d + i] = s } }
        let eig = try SymmetricEigen(Tensor(shape: [d, d], values: cov.map(Float.init)))
        self.mean = mu
        self.eigenvalues = eig.values.scalars.map { max(Double($0), add) }
        self.eigenvectors = eig.vectors.scalars.map(Double.init)
    }

    /// W of `samples` seeded z ~ N(0, I) through the generator's mapping network, fitted.
    public init(generator: Generator, samples: Int, seed: UInt64, ridge: Double = 1e-3) throws {
        var rows: [Tensor] = []
        var done = 0
        while done < samples {
            let n = min(512, samples - done)
            let z = Tensor.randomNormal(shape: [n, generator.styleDim], seed: seed &+ UInt64(done))
            rows.append(try generator.mapping(z))                                              // [n, D]
            done += n
        }
        let all = Tensor(shape: [samples, generator.styleDim], values: rows.flatMap(\.scalars))
        try self.init(samples: all, ridge: ridge)
    }

    /// √((x − μ)ᵀ Σ⁻¹ (x − μ)) for one row x of length D.
    public func mahalanobis(_ x: UnsafeBufferPointer<Float>) -> Double {
        let d = dimension
        var total = 0.0
        for k in 0..<d {
            var proj = 0.0
            for j in 0..<d { proj += (Double(x[j]) - mean[j]) * eigenvectors[k * d + j] }
            total += proj * proj / eigenvalues[k]
        }
        return total.squareRoot()
    }
}
