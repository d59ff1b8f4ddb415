import Foundation

extension Reference {
    /// AdaptiveAvgPool2d by direct window sums (architecture §0.10).
    public static func adaptiveAvgPool2d(_ x: Tensor, outHeight oh: Int, outWidth ow: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var out = Tensor(zeros: [n, c, oh, ow])
        for b in 0..<n { for ch in 0..<c { for i in 0..<oh { for j in 0..<ow {
            let y0 = Int(floor(Double(i * h) / Double(oh))), y1 = Int(ceil(Double((i + 1) * h) / Double(oh)))
            let x0 = Int(floor(Double(j * w) / Double(ow))), x1 = Int(ceil(Double((j + 1) * w) / Double(ow)))
            var s = 0.0
            for y in y0..<y1 { for xx in x0..<x1 { s += Double(x[b, ch, y, xx]) } }
            out[b, ch, i, j] = Float(s / Double((y1 - y0) * (x1 - x0)))
        } } } }
        return out
    }

    /// Bilinear resize by per-pixel formulas (see `BilinearMode`).
    public static func resizeBilinear(_ x: Tensor, outHeight oh: Int, outWidth ow: Int, mode: BilinearMode) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let rows = taps(h, oh, mode), cols = taps(w, ow, mode)
        var out = Tensor(zeros: [n, c, oh, ow])
        for b in 0..<n { for ch in 0..<c { for i in 0..<oh { for j in 0..<ow {
            var s = 0.0
            for (y, wy) in rows[i] { for (xx, wx) in cols[j] { s += wy * wx * Double(x[b, ch, y, xx]) } }
            out[b, ch, i, j] = Float(s)
        } } } }
        return out
    }

    /// 1-D (index, weight) lists per output sample, computed in Double from the definitions.
    static func taps(_ length: Int, _ n: Int, _ mode: BilinearMode) -> [[(Int, Double)]] {
        (0..<n).map { i in
            switch mode {
            case .halfPixel, .alignCorners:
                let src: Double = mode == .alignCorners
                    ? (n > 1 ? Double(i) * Double(length - 1) / Double(n - 1) : 0)
                    : max(0, (Double(i) + 0.5) * Double(length) / Double(n) - 0.5)
                let i0 = min(Int(floor(src)), length - 1), i1 = min(i0 + 1, length - 1), l = src - Double(i0)
                return i0 == i1 ? [(i0, 1)] : [(i0, 1 - l), (i1, l)]
            case .antialiased:
                let scale = Double(length) / Double(n), support = max(scale, 1)
                let center = (Double(i) + 0.5) * scale
                let lo = max(Int(center - support + 0.5), 0), hi = min(Int(center + support + 0.5), length)
                let raw = (lo..<hi).map { j in (j, max(0, 1 - abs(Double(j) + 0.5 - center) / support)) }
                let total = raw.reduce(0) { $0 + $1.1 }
                return raw.map { ($0.0, $0.1 / total) }
            }
        }
    }
}
