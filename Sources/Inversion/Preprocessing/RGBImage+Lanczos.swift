import Foundation
import ImageCodecs

extension RGBImage {
    /// `width`×`height` resize with PIL's LANCZOS filter (`Image.resize(size, Image.LANCZOS)`, the `ANTIALIAS` of the
    /// official scripts), reproduced exactly: support 3 scaled by the reduction factor, per-output-pixel weights
    /// normalised in double then rounded to 22-bit fixed point, a horizontal pass then a vertical pass, each
    /// rounding and clamping to 8 bits.
    public func lanczosResized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        precondition(newWidth > 0 && newHeight > 0, "resize to \(newWidth)x\(newHeight)")
        var current = self
        if newWidth != width {
            let taps = LanczosTaps(inSize: width, outSize: newWidth)
            var out = [UInt8](repeating: 0, count: newWidth * height * 3)
            current.pixels.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let row = y * width * 3
                    for x in 0..<newWidth {
                        let (start, count, offset) = taps.span(x)
                        var s0 = LanczosTaps.half, s1 = LanczosTaps.half, s2 = LanczosTaps.half
                        for k in 0..<count {
                            let w = taps.weights[offset + k], p = row + (start + k) * 3
                            s0 += Int(src[p]) * w; s1 += Int(src[p + 1]) * w; s2 += Int(src[p + 2]) * w
                        }
                        let o = (y * newWidth + x) * 3
                        out[o] = LanczosTaps.clip8(s0); out[o + 1] = LanczosTaps.clip8(s1); out[o + 2] = LanczosTaps.clip8(s2)
                    }
                }
            }
            current = RGBImage(width: newWidth, height: height, pixels: out)
        }
        if newHeight != height {
            let taps = LanczosTaps(inSize: height, outSize: newHeight)
            let w0 = current.width
            var out = [UInt8](repeating: 0, count: w0 * newHeight * 3)
            current.pixels.withUnsafeBufferPointer { src in
                for y in 0..<newHeight {
                    let (start, count, offset) = taps.span(y)
                    for x in 0..<w0 {
                        var s0 = LanczosTaps.half, s1 = LanczosTaps.half, s2 = LanczosTaps.half
                        for k in 0..<count {
                            let w = taps.weights[offset + k], p = ((start + k) * w0 + x) * 3
                            s0 += Int(src[p]) * w; s1 += Int(src[p + 1]) * w; s2 += Int(src[p + 2]) * w
                        }
                        let o = (y * w0 + x) * 3
                        out[o] = LanczosTaps.clip8(s0); out[o + 1] = LanczosTaps.clip8(s1); out[o + 2] = LanczosTaps.clip8(s2)
                    }
                }
            }
            current = RGBImage(width: w0, height: newHeight, pixels: out)
        }
        return current
    }
}

/// PIL's `precompute_coeffs` + `normalize_coeffs_8bpc` for the Lanczos-3 filter along one axis.
struct LanczosTaps {
    static let precisionBits = 22
    static let half = 1 << (precisionBits - 1)
    /// First input index, tap count, and offset into `weights` for each output index.
    private var starts: [Int] = [], counts: [Int] = []
    private let stride: Int
    /// Fixed-point weights, `stride` per output index.
    private(set) var weights: [Int]

    init(inSize: Int, outSize: Int) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = max(scale, 1.0)
        let support = 3.0 * filterScale
        stride = Int(support.rounded(.up)) * 2 + 1
        weights = [Int](repeating: 0, count: outSize * stride)
        var k = [Double](repeating: 0, count: stride)
        for xx in 0..<outSize {
            let center = (Double(xx) + 0.5) * scale
            let ss = 1.0 / filterScale
            let xmin = max(Int(center - support + 0.5), 0)            // C (int) truncates toward zero
            let xmax = min(Int(center + support + 0.5), inSize) - xmin
            var sum = 0.0
            for x in 0..<max(xmax, 0) {
                let w = Self.lanczos((Double(x + xmin) - center + 0.5) * ss)
                k[x] = w
                sum += w
            }
            for x in 0..<max(xmax, 0) {
                var w = k[x]
                if sum != 0 { w /= sum }
                let scaled = w * Double(1 << Self.precisionBits)
                weights[xx * stride + x] = w < 0 ? Int(-0.5 + scaled) : Int(0.5 + scaled)
            }
            starts.append(xmin)
            counts.append(max(xmax, 0))
        }
    }

    func span(_ index: Int) -> (start: Int, count: Int, offset: Int) { (starts[index], counts[index], index * stride) }

    static func clip8(_ v: Int) -> UInt8 {
        if v <= 0 { return 0 }
        return UInt8(min(v >> precisionBits, 255))
    }

    static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let t = x * Double.pi
        return sin(t) / t
    }

    static func lanczos(_ x: Double) -> Double {
        (-3.0 <= x && x < 3.0) ? sinc(x) * sinc(x / 3) : 0
    }
}
