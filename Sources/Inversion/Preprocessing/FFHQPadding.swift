import Foundation
import ImageCodecs

/// The padding step of the official `align_face`, in the script's float32/float64 arithmetic:
///
///     img = np.pad(float32(img), ((top, bottom), (left, right), (0, 0)), 'reflect')
///     mask = max(1 − min(x/left, (w−1−x)/right), 1 − min(y/top, (h−1−y)/bottom))      (float64)
///     img += (gaussian_filter(img, [σ, σ, 0]) − img) · clip(3·mask + 1, 0, 1)
///     img += (median(img, per channel) − img) · clip(mask, 0, 1)
///     img = uint8(clip(rint(img), 0, 255))
///
/// so the margin fades from the mirrored photo into a blurred, then flat median colour.
struct FFHQPadding {
    let left: Int, top: Int, right: Int, bottom: Int
    /// σ of the Gaussian blur (0.02·qsize).
    let blur: Double

    /// `image` padded by (left, top, right, bottom) pixels, as above.
    func apply(to image: RGBImage) -> RGBImage {
        let w = image.width + left + right, h = image.height + top + bottom
        var img = [Float](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let sy = Self.reflect(y - top, image.height)
            for x in 0..<w {
                let sx = Self.reflect(x - left, image.width)
                let s = (sy * image.width + sx) * 3, d = (y * w + x) * 3
                img[d] = Float(image.pixels[s]); img[d + 1] = Float(image.pixels[s + 1]); img[d + 2] = Float(image.pixels[s + 2])
            }
        }
        let blurred = GaussianFilter(sigma: blur).apply(img, width: w, height: h)
        // mask in float64, as NumPy computes float32 / int64.
        func mask(_ x: Int, _ y: Int) -> Double {
            let mx = 1.0 - min(Double(Float(x)) / Double(left), Double(Float(w - 1 - x)) / Double(right))
            let my = 1.0 - min(Double(Float(y)) / Double(top), Double(Float(h - 1 - y)) / Double(bottom))
            return max(mx, my)
        }
        for y in 0..<h {
            for x in 0..<w {
                let m = min(max(mask(x, y) * 3.0 + 1.0, 0.0), 1.0)
                let i = (y * w + x) * 3
                for c in 0..<3 {
                    let delta = blurred[i + c] - img[i + c]                      // float32
                    img[i + c] = Float(Double(img[i + c]) + Double(delta) * m)
                }
            }
        }
        let median = (0..<3).map { MedianSelect.median(of: img, channel: $0, channels: 3) }
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let m = min(max(mask(x, y), 0.0), 1.0)
                let i = (y * w + x) * 3
                for c in 0..<3 {
                    let delta = median[c] - img[i + c]                           // float32
                    let v = Float(Double(img[i + c]) + Double(delta) * m)
                    out[i + c] = UInt8(min(max(v.rounded(.toNearestOrEven), 0), 255))
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }

    /// NumPy's `reflect` index for `i` in a row of `n` (mirror without repeating the edge; period 2n − 2).
    static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * n - 2
        var t = i % period
        if t < 0 { t += period }
        return t < n ? t : period - t
    }
}
