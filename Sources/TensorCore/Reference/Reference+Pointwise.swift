import Foundation

extension Reference {
    /// Applies `f(value, channel)` elementwise; channel is the axis-1 index of `[N, C, ...]`.
    static func mapWithChannel(_ x: Tensor, _ f: (Float, Int) -> Float) -> Tensor {
        let c = x.rank >= 2 ? x.shape[1] : 1
        let inner = x.rank >= 2 ? x.count / (x.shape[0] * c) : x.count
        let xs = x.scalars
        return Tensor(shape: x.shape, values: xs.indices.map { f(xs[$0], ($0 / max(inner, 1)) % c) })
    }

    /// `gain · LReLU_slope(x + bias[c])` (architecture §0.6).
    public static func fusedLeakyReLU(_ x: Tensor, bias: Tensor?, slope: Float = 0.2, gain: Float = Float(2.0.squareRoot())) -> Tensor {
        let b = bias?.scalars
        return mapWithChannel(x) { v, c in
            let t = v + (b?[c] ?? 0)
            return (t > 0 ? t : t * slope) * gain
        }
    }

    /// `gain · LReLU_slope(x)`.
    public static func leakyReLU(_ x: Tensor, slope: Float = 0.01, gain: Float = 1) -> Tensor {
        mapWithChannel(x) { v, _ in (v > 0 ? v : v * slope) * gain }
    }

    /// PReLU with slopes `[C]`.
    public static func prelu(_ x: Tensor, slopes: Tensor) -> Tensor {
        let a = slopes.scalars
        return mapWithChannel(x) { v, c in v >= 0 ? v : a[c] * v }
    }

    public static func relu(_ x: Tensor) -> Tensor { mapWithChannel(x) { v, _ in v > 0 ? v : 0 } }

    public static func sigmoid(_ x: Tensor) -> Tensor {
        mapWithChannel(x) { v, _ in Float(1 / (1 + exp(-Double(v)))) }
    }

    /// Eval BatchNorm, unfolded (architecture §0.7): `(x − mean) / sqrt(var + eps) · weight + bias`.
    public static func batchNorm(_ x: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor,
                                 runningVar: Tensor, eps: Float = 1e-5) -> Tensor {
        let w = weight.scalars, b = bias.scalars, m = runningMean.scalars, v = runningVar.scalars
        return mapWithChannel(x) { value, c in
            Float((Double(value) - Double(m[c])) / (Double(v[c]) + Double(eps)).squareRoot() * Double(w[c]) + Double(b[c]))
        }
    }

    /// PixelNorm over axis 1 (architecture §0.9).
    public static func pixelNorm(_ x: Tensor, eps: Float = 1e-8) -> Tensor {
        let n = x.shape[0], c = x.shape[1], inner = x.count / (n * c)
        var out = x.scalars
        for b in 0..<n { for i in 0..<inner {
            var s = 0.0
            for ch in 0..<c { let v = Double(out[(b * c + ch) * inner + i]); s += v * v }
            let r = 1 / (s / Double(c) + Double(eps)).squareRoot()
            for ch in 0..<c { out[(b * c + ch) * inner + i] = Float(Double(out[(b * c + ch) * inner + i]) * r) }
        } }
        return Tensor(shape: x.shape, values: out)
    }

    /// Mean over H, W: `[N, C, H, W]` → `[N, C]`.
    public static func channelMeans(_ x: Tensor) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var out = Tensor(zeros: [n, c])
        for b in 0..<n { for ch in 0..<c {
            var s = 0.0
            for i in 0..<h { for j in 0..<w { s += Double(x[b, ch, i, j]) } }
            out[b, ch] = Float(s / Double(h * w))
        } }
        return out
    }

    /// `x[n,c,:,:] · s[n,c]`.
    public static func scalingChannels(_ x: Tensor, by s: Tensor) -> Tensor {
        let c = x.shape[1], inner = x.shape[2] * x.shape[3], ss = s.scalars, xs = x.scalars
        return Tensor(shape: x.shape, values: xs.indices.map { xs[$0] * ss[($0 / inner) / c * c + ($0 / inner) % c] })
    }

    /// Channel concatenation by element lookup.
    public static func concatChannels(_ parts: [Tensor]) -> Tensor {
        let n = parts[0].shape[0], trailing = Array(parts[0].shape.dropFirst(2)), inner = trailing.reduce(1, *)
        var values: [Float] = []
        for b in 0..<n { for p in parts {
            let block = p.shape[1] * inner
            values += p.scalars[(b * block)..<((b + 1) * block)]
        } }
        return Tensor(shape: [n, parts.reduce(0) { $0 + $1.shape[1] }] + trailing, values: values)
    }

    /// MaxPool2d(1, stride s).
    public static func subsample(_ x: Tensor, stride s: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = (h - 1) / s + 1, ow = (w - 1) / s + 1
        var out = Tensor(zeros: [n, c, oh, ow])
        for b in 0..<n { for ch in 0..<c { for i in 0..<oh { for j in 0..<ow { out[b, ch, i, j] = x[b, ch, i * s, j * s] } } } }
        return out
    }
}
