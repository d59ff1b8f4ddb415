import Foundation

/// `scipy.ndimage.gaussian_filter(img, [σ, σ, 0])` on a float32 `[h, w, 3]` image: a 1-D correlation along rows
/// (axis 0) then along columns (axis 1), each in double with float32 results, truncated at `int(4σ + 0.5)`, with
/// SciPy's `reflect` boundary (half-sample symmetric: the edge pixel repeats) and its symmetric-kernel sum order.
struct GaussianFilter {
    let sigma: Double

    /// Normalised taps w[0...radius] (w[−j] = w[j]), as `_gaussian_kernel1d`.
    var taps: [Double] {
        let radius = Int(4.0 * sigma + 0.5)
        let s2 = sigma * sigma
        let full = (-radius...radius).map { exp(-0.5 / s2 * Double($0 * $0)) }
        let sum = full.reduce(0, +)                                   // NumPy's pairwise sum is exact enough here
        return full[radius...].map { $0 / sum }
    }

    /// The blurred copy of `image` (`height` rows of `width` pixels, 3 interleaved float32 channels).
    func apply(_ image: [Float], width: Int, height: Int) -> [Float] {
        guard sigma > 1e-15 else { return image }
        let w = taps
        var pass = [Float](repeating: 0, count: image.count)
        // Axis 0: along each column.
        var line = [Double](repeating: 0, count: height + 2 * (w.count - 1))
        for x in 0..<width {
            for c in 0..<3 {
                Self.correlate(count: height, weights: w, line: &line,
                               read: { Double(image[($0 * width + x) * 3 + c]) },
                               write: { pass[($0 * width + x) * 3 + c] = Float($1) })
            }
        }
        var out = [Float](repeating: 0, count: image.count)
        line = [Double](repeating: 0, count: width + 2 * (w.count - 1))
        for y in 0..<height {
            for c in 0..<3 {
                Self.correlate(count: width, weights: w, line: &line,
                               read: { Double(pass[(y * width + $0) * 3 + c]) },
                               write: { out[(y * width + $0) * 3 + c] = Float($1) })
            }
        }
        return out
    }

    /// SciPy's `NI_Correlate1D` for a symmetric kernel over one line extended with `reflect`.
    @inline(__always)
    static func correlate(count n: Int, weights: [Double], line: inout [Double],
                          read: (Int) -> Double, write: (Int, Double) -> Void) {
        let r = weights.count - 1
        for i in 0..<(n + 2 * r) { line[i] = read(symmetric(i - r, n)) }
        for i in 0..<n {
            let centre = i + r
            var acc = line[centre] * weights[0]
            for j in stride(from: r, through: 1, by: -1) {
                acc += (line[centre - j] + line[centre + j]) * weights[j]
            }
            write(i, acc)
        }
    }

    /// Half-sample symmetric index (d c b a | a b c d | d c b a), period 2n.
    static func symmetric(_ i: Int, _ n: Int) -> Int {
        let period = 2 * n
        var t = i % period
        if t < 0 { t += period }
        return t < n ? t : period - 1 - t
    }
}
