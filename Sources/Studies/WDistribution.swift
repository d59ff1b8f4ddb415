import Foundation
import StyleGAN2
import TensorCore

/// A Gaussian fitted to W: mean and regularised covariance of `mapping(z)` for N seeded z ~ N(0, I), kept as the
/// Cholesky factor of the covariance for Mahalanobis distances. Everything is computed in Double on this thread
/// (no BLAS/LAPACK), so distances are bit-for-bit reproducible whatever else runs concurrently.
public struct WDistribution: Sendable {
    /// `[D]`.
    public let mean: [Double]
    /// Lower-triangular L with L·Lᵀ = Σ + ridge·mean(diag Σ)·I, `[D, D]` row-major.
    public let cholesky: [Double]
    public var dimension: Int { mean.count }

    /// Fits samples w: `[N, D]`. The covariance (divided by N − 1) gets `ridge · mean(diag)` added to its diagonal
    /// so that rank-deficient or ill-conditioned estimates (N ≤ D, collapsed mapping directions) stay invertible.
    public init(samples w: Tensor, ridge: Double = 1e-3) throws {
        guard w.rank == 2, w.shape[0] >= 2, w.shape[1] >= 1 else {
            throw TensorCoreError.shapeMismatch(operation: "WDistribution", argument: "samples", expected: "[N ≥ 2, D]", actual: w.shape)
        }
        let n = w.shape[0], d = w.shape[1]
        let x = w.scalars.map(Double.init)
        guard x.allSatisfy(\.isFinite) else {
            throw TensorCoreError.invalidParameter(operation: "WDistribution", parameter: "samples", reason: "contains NaN or infinity")
        }
        var mu = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mu[j] += x[i * d + j] } }
        mu = mu.map { $0 / Double(n) }
        var cov = [Double](repeating: 0, count: d * d)                                  // upper triangle, then mirrored
        var row = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { row[j] = x[i * d + j] - mu[j] }
            for a in 0..<d {
                let ra = row[a]
                for b in a..<d { cov[a * d + b] += ra * row[b] }
            }
        }
        for a in 0..<d { for b in a..<d { cov[a * d + b] /= Double(n - 1); cov[b * d + a] = cov[a * d + b] } }
        let meanDiagonal = (0..<d).map { cov[$0 * d + $0] }.reduce(0, +) / Double(d)
        let add = ridge * max(meanDiagonal, 1e-12)
        for j in 0..<d { cov[j * d + j] += add }
        // Cholesky–Banachiewicz.
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = cov[i * d + j]
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0 else {
                        throw TensorCoreError.invalidParameter(operation: "WDistribution", parameter: "samples", reason: "covariance is not positive definite")
                    }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        self.mean = mu
        self.cholesky = l
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

    /// √((x − μ)ᵀ Σ⁻¹ (x − μ)) = ‖L⁻¹(x − μ)‖ for one row x of length D (forward substitution).
    public func mahalanobis(_ x: UnsafeBufferPointer<Float>) -> Double {
        let d = dimension, l = cholesky
        var y = [Double](repeating: 0, count: d)
        var total = 0.0
        for i in 0..<d {
            var v = Double(x[i]) - mean[i]
            for k in 0..<i { v -= l[i * d + k] * y[k] }
            y[i] = v / l[i * d + i]
            total += y[i] * y[i]
        }
        return total.squareRoot()
    }
}
