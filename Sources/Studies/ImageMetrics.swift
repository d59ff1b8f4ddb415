import Foundation
import TensorCore

/// Reconstruction metrics on images in [0, 1]. Inputs are `[3, H, W]` or `[1, 3, H, W]` tensors in [-1, 1]
/// (the generator's and encoder's range); they are mapped with `(x + 1) / 2` and clamped to [0, 1] first.
public enum ImageMetrics {
    /// `(x + 1) / 2` clamped to [0, 1], as Double.
    static func unit(_ x: Tensor) -> [Double] { x.scalars.map { min(max((Double($0) + 1) / 2, 0), 1) } }

    /// Mean squared error over every value (images in [0, 1]).
    public static func mse(_ a: Tensor, _ b: Tensor) throws -> Double {
        try checkSame(a, b)
        let x = unit(a), y = unit(b)
        var sum = 0.0
        for i in x.indices { sum += (x[i] - y[i]) * (x[i] - y[i]) }
        return sum / Double(max(x.count, 1))
    }

    /// `10·log10(1 / MSE)` in dB (peak 1); +∞ for identical images.
    public static func psnr(mse: Double) -> Double { mse > 0 ? 10 * log10(1 / mse) : .infinity }

    /// The 11×11 Gaussian window (σ = 1.5) used by SSIM, normalised to sum 1, row-major.
    public static func gaussianWindow(size: Int = 11, sigma: Double = 1.5) -> [Double] {
        let c = Double(size - 1) / 2
        let g = (0..<size).map { exp(-(Double($0) - c) * (Double($0) - c) / (2 * sigma * sigma)) }
        let s = g.reduce(0, +)
        let g1 = g.map { $0 / s }
        return (0..<(size * size)).map { g1[$0 / size] * g1[$0 % size] }
    }

    /// SSIM (Wang et al. 2004): 11×11 Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03, data range 1, "valid"
    /// windows only (no padding), mean over positions and then over the 3 channels. Images smaller than 11 pixels
    /// use the largest odd window that fits (σ unchanged). a, b: `[3, H, W]` or `[1, 3, H, W]` in [-1, 1].
    public static func ssim(_ a: Tensor, _ b: Tensor) throws -> Double {
        try checkSame(a, b)
        let shape = a.rank == 4 ? Array(a.shape.dropFirst()) : a.shape
        guard shape.count == 3 else {
            throw TensorCoreError.shapeMismatch(operation: "ssim", argument: "a", expected: "[3, H, W] or [1, 3, H, W]", actual: a.shape)
        }
        let c = shape[0], h = shape[1], w = shape[2]
        var k = min(11, h, w)
        if k % 2 == 0 { k -= 1 }
        let window = gaussianWindow(size: k)
        let x = unit(a), y = unit(b)
        let c1 = 0.01 * 0.01, c2 = 0.03 * 0.03
        var total = 0.0
        for ch in 0..<c {
            let base = ch * h * w
            var sum = 0.0
            for i in 0...(h - k) {
                for j in 0...(w - k) {
                    var mx = 0.0, my = 0.0, xx = 0.0, yy = 0.0, xy = 0.0
                    for u in 0..<k {
                        let row = base + (i + u) * w + j
                        for v in 0..<k {
                            let g = window[u * k + v], p = x[row + v], q = y[row + v]
                            mx += g * p; my += g * q; xx += g * p * p; yy += g * q * q; xy += g * p * q
                        }
                    }
                    let vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my
                    sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
                }
            }
            total += sum / Double((h - k + 1) * (w - k + 1))
        }
        return total / Double(c)
    }

    /// mean |a − b| over every value, images in [0, 1] (not clamped: the raw generator range mapped by (x+1)/2).
    public static func meanAbsoluteDifference(_ a: Tensor, _ b: Tensor) throws -> Double {
        try checkSame(a, b)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var sum = 0.0
                for i in 0..<pa.count { sum += Double(abs(pa[i] - pb[i])) }
                return sum / 2 / Double(max(pa.count, 1))
            }
        }
    }

    static func checkSame(_ a: Tensor, _ b: Tensor) throws {
        guard a.shape == b.shape, a.count > 0 else {
            throw TensorCoreError.shapeMismatch(operation: "image metric", argument: "b", expected: "\(a.shape)", actual: b.shape)
        }
    }
}
