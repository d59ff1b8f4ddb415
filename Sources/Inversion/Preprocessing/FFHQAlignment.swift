import Foundation
import ImageCodecs

/// The FFHQ face crop: an oriented square ("quad") placed from the eyes and the mouth, resampled
/// to an upright square image. Same quad as the FFHQ dataset's alignment:
///
///     eyeAvg = (eyeL + eyeR)/2,  eyeToEye = eyeR − eyeL,  eyeToMouth = (mouthL + mouthR)/2 − eyeAvg
///     x = eyeToEye − rot90(eyeToMouth), normalised, scaled by max(2·|eyeToEye|, 1.8·|eyeToMouth|)
///     y = rot90(x),  c = eyeAvg + 0.1·eyeToMouth
///     quad = [c − x − y, c − x + y, c + x + y, c + x − y]   (top-left, bottom-left, bottom-right, top-right)
///
/// Resampling differs from the dataset script in two documented ways: the output is sampled
/// directly (bilinear taps, box-filtered supersampling when the quad is larger than the output)
/// instead of shrink → crop → transform at 4096 → downsample, and outside the photo the image is
/// mirrored without the script's blurred blend. Faces inside the photo come out the same up to
/// resampling differences.
public struct FFHQAlignment: Sendable {
    /// Corners of the crop in source pixels: top-left, bottom-left, bottom-right, top-right.
    public let quad: [SIMD2<Double>]

    public init(landmarks: FaceLandmarks) {
        let eyeAvg = (landmarks.eyeLeft + landmarks.eyeRight) * 0.5
        let eyeToEye = landmarks.eyeRight - landmarks.eyeLeft
        let mouthAvg = (landmarks.mouthLeft + landmarks.mouthRight) * 0.5
        let eyeToMouth = mouthAvg - eyeAvg
        func length(_ v: SIMD2<Double>) -> Double { (v.x * v.x + v.y * v.y).squareRoot() }
        // flipud(v) * [-1, 1] = (−v.y, v.x)
        var x = eyeToEye - SIMD2(-eyeToMouth.y, eyeToMouth.x)
        x /= max(length(x), 1e-12)
        x *= max(length(eyeToEye) * 2.0, length(eyeToMouth) * 1.8)
        let y = SIMD2(-x.y, x.x)
        let c = eyeAvg + eyeToMouth * 0.1
        quad = [c - x - y, c - x + y, c + x + y, c + x - y]
    }

    /// Side of the quad in source pixels.
    public var quadSize: Double {
        let d = quad[3] - quad[0]
        return (d.x * d.x + d.y * d.y).squareRoot()
    }

    /// The aligned crop as a `size`×`size` image.
    public func aligned(_ image: RGBImage, size: Int) -> RGBImage {
        precondition(size > 0, "alignment output size must be positive")
        let origin = quad[0]
        let ux = (quad[3] - quad[0]) / Double(size)        // one output column step, in source pixels
        let uy = (quad[1] - quad[0]) / Double(size)        // one output row step
        let step = max((ux.x * ux.x + ux.y * ux.y).squareRoot(), 1)
        let taps = min(8, Int(step.rounded(.up)))          // supersampling per axis
        var out = [UInt8](repeating: 0, count: size * size * 3)
        let w = image.width, h = image.height
        image.pixels.withUnsafeBufferPointer { src in
            func sample(_ p: SIMD2<Double>) -> SIMD3<Double> {
                // Mirror coordinates outside the image, then bilinear.
                func mirror(_ v: Double, _ n: Int) -> Double {
                    let m = Double(n)
                    var t = v.truncatingRemainder(dividingBy: 2 * m)
                    if t < 0 { t += 2 * m }
                    return t < m ? t : 2 * m - t
                }
                let sx = min(max(mirror(p.x, w) - 0.5, 0), Double(w - 1))
                let sy = min(max(mirror(p.y, h) - 0.5, 0), Double(h - 1))
                let x0 = Int(sx), y0 = Int(sy)
                let x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
                let fx = sx - Double(x0), fy = sy - Double(y0)
                func px(_ x: Int, _ y: Int) -> SIMD3<Double> {
                    let i = (y * w + x) * 3
                    return SIMD3(Double(src[i]), Double(src[i + 1]), Double(src[i + 2]))
                }
                let top = px(x0, y0) * (1 - fx) + px(x1, y0) * fx
                let bottom = px(x0, y1) * (1 - fx) + px(x1, y1) * fx
                return top * (1 - fy) + bottom * fy
            }
            for i in 0..<size {
                for j in 0..<size {
                    var acc = SIMD3<Double>(0, 0, 0)
                    for a in 0..<taps {
                        for b in 0..<taps {
                            let v = Double(i) + (Double(a) + 0.5) / Double(taps)
                            let u = Double(j) + (Double(b) + 0.5) / Double(taps)
                            acc += sample(origin + ux * u + uy * v)
                        }
                    }
                    acc /= Double(taps * taps)
                    let o = (i * size + j) * 3
                    out[o] = UInt8(min(max(acc.x.rounded(), 0), 255))
                    out[o + 1] = UInt8(min(max(acc.y.rounded(), 0), 255))
                    out[o + 2] = UInt8(min(max(acc.z.rounded(), 0), 255))
                }
            }
        }
        return RGBImage(width: size, height: size, pixels: out)
    }
}
