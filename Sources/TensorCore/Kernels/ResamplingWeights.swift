/// One output sample of a 1-D resampling: `out = Σ_t weights[t] · in[start + t]`.
struct ResamplingTap: Sendable {
    let start: Int
    let weights: [Float]
}

enum ResamplingWeights {
    /// `nn.AdaptiveAvgPool` bins: output i averages `[floor(i·L/n), ceil((i+1)·L/n))`.
    static func adaptiveAverage(input length: Int, output n: Int) -> [ResamplingTap] {
        (0..<n).map { i in
            let start = (i * length) / n, end = ((i + 1) * length + n - 1) / n
            return ResamplingTap(start: start, weights: [Float](repeating: 1 / Float(end - start), count: end - start))
        }
    }

    /// Bilinear, as `F.interpolate(mode="bilinear", antialias=False)`.
    /// alignCorners false: `src = max(0, (i + 0.5)·L/n − 0.5)`; true: `src = i·(L−1)/(n−1)`.
    static func bilinear(input length: Int, output n: Int, alignCorners: Bool) -> [ResamplingTap] {
        (0..<n).map { i in
            var src: Float
            if alignCorners {
                src = n > 1 ? Float(i) * Float(length - 1) / Float(n - 1) : 0
            } else {
                src = max(0, (Float(i) + 0.5) * (Float(length) / Float(n)) - 0.5)
            }
            let i0 = min(Int(src), length - 1)
            let i1 = min(i0 + 1, length - 1)
            let lambda = src - Float(i0)
            if i1 == i0 { return ResamplingTap(start: i0, weights: [1]) }
            return ResamplingTap(start: i0, weights: [1 - lambda, lambda])
        }
    }

    /// Antialiased bilinear (triangle filter widened by the downscale factor), as
    /// `F.interpolate(mode="bilinear", antialias=True, align_corners=False)` / PIL's BILINEAR in float:
    /// `scale = L/n`, `support = max(scale, 1)`, center `c = (i + 0.5)·scale`, taps
    /// `j ∈ [max(0, ⌊c − support + 0.5⌋), min(L, ⌊c + support + 0.5⌋))`, weight `tri((j − c + 0.5)/max(scale,1))`, normalised.
    static func antialiasedBilinear(input length: Int, output n: Int) -> [ResamplingTap] {
        let scale = Double(length) / Double(n)
        let support = scale >= 1 ? scale : 1
        let invScale = scale >= 1 ? 1 / scale : 1
        return (0..<n).map { i in
            let center = scale * (Double(i) + 0.5)
            let lo = max(Int(center - support + 0.5), 0)
            let hi = min(Int(center + support + 0.5), length)
            var w = (lo..<hi).map { j in max(0, 1 - abs((Double(j) - center + 0.5) * invScale)) }
            let total = w.reduce(0, +)
            if total > 0 { w = w.map { $0 / total } }
            return ResamplingTap(start: lo, weights: w.map { Float($0) })
        }
    }
}
