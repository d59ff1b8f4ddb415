import Foundation
import TensorCore

/// Statistics of one W+ code `[n, D]` (or `[1, n, D]`).
public enum LatentStatistics {
    /// Mean over rows r of ‖w_r − avg_r‖₂. average: `[n, D]` or `[D]` (then used for every row).
    public static func distanceToAverage(_ codes: Tensor, average: Tensor) -> Double {
        let d = codes.shape.last!, n = codes.count / d
        let x = codes.scalars, a = average.scalars
        var total = 0.0
        for r in 0..<n {
            var s = 0.0
            let ar = a.count == d ? 0 : r * d
            for j in 0..<d { let v = Double(x[r * d + j]) - Double(a[ar + j]); s += v * v }
            total += s.squareRoot()
        }
        return total / Double(n)
    }

    /// Mean over rows of ‖w_r − w̄‖₂ with w̄ the mean row: 0 for a code in W (all rows equal); grows as the rows of a
    /// W+ code drift apart (e4e's notion of leaving W).
    public static func rowSpread(_ codes: Tensor) -> Double {
        let d = codes.shape.last!, n = codes.count / d
        let x = codes.scalars
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { for j in 0..<d { mean[j] += Double(x[r * d + j]) } }
        mean = mean.map { $0 / Double(n) }
        var total = 0.0
        for r in 0..<n {
            var s = 0.0
            for j in 0..<d { let v = Double(x[r * d + j]) - mean[j]; s += v * v }
            total += s.squareRoot()
        }
        return total / Double(n)
    }

    /// Mean over rows of the Mahalanobis distance of each row to `distribution`.
    public static func meanMahalanobis(_ codes: Tensor, to distribution: WDistribution) -> Double {
        let d = distribution.dimension, n = codes.count / d
        return codes.withUnsafeBufferPointer { p in
            (0..<n).map { distribution.mahalanobis(UnsafeBufferPointer(rebasing: p[($0 * d)..<(($0 + 1) * d)])) }.reduce(0, +) / Double(n)
        }
    }
}
