import Foundation
import ImageCodecs

/// The FFHQ face crop: an oriented square ("quad") placed from the eyes and the mouth, resampled to an upright
/// square image, exactly as the official `align_face` (ffhq-dataset, and ReStyle/e4e/pSp's
/// `scripts/align_faces_parallel.py`) computes it. The quad:
///
///     eyeAvg = (eyeL + eyeR)/2,  eyeToEye = eyeR − eyeL,  eyeToMouth = (mouthL + mouthR)/2 − eyeAvg
///     x = eyeToEye − rot90(eyeToMouth), normalised, scaled by max(2·|eyeToEye|, 1.8·|eyeToMouth|)
///     y = rot90(x),  c = eyeAvg + 0.1·eyeToMouth,  qsize = 2·|x|
///     quad = [c − x − y, c − x + y, c + x + y, c + x − y]   (top-left, bottom-left, bottom-right, top-right)
///
/// The resampling (`aligned(_:size:)`, in `FFHQAlignment+Steps.swift`) follows the script step for step: shrink
/// (PIL's antialiased resize) when the quad is over twice the output, crop to the quad plus a border, reflect-pad
/// with a Gaussian-blurred, median-blended margin when the quad reaches past the photo, then PIL's `QUAD` transform
/// with bilinear sampling (and the antialiased resize when the transform size exceeds the output).
public struct FFHQAlignment: Sendable {
    /// Corners of the crop in source pixels: top-left, bottom-left, bottom-right, top-right.
    public let quad: [SIMD2<Double>]
    /// Side of the quad in source pixels, as the script computes it (`np.hypot(*x) * 2`).
    public let quadSize: Double

    public init(landmarks: FaceLandmarks) {
        let eyeAvg = (landmarks.eyeLeft + landmarks.eyeRight) * 0.5
        let eyeToEye = landmarks.eyeRight - landmarks.eyeLeft
        let mouthAvg = (landmarks.mouthLeft + landmarks.mouthRight) * 0.5
        let eyeToMouth = mouthAvg - eyeAvg
        // flipud(v) * [-1, 1] = (−v.y, v.x)
        var x = eyeToEye - SIMD2(-eyeToMouth.y, eyeToMouth.x)
        x /= max(hypot(x.x, x.y), 1e-12)
        x *= max(hypot(eyeToEye.x, eyeToEye.y) * 2.0, hypot(eyeToMouth.x, eyeToMouth.y) * 1.8)
        let y = SIMD2(-x.y, x.x)
        let c = eyeAvg + eyeToMouth * 0.1
        quad = [c - x - y, c - x + y, c + x + y, c + x - y]
        quadSize = hypot(x.x, x.y) * 2
    }

    /// A crop from a given quad (e.g. read back from an alignment JSON file).
    public init(quad: [SIMD2<Double>]) {
        precondition(quad.count == 4, "a quad has four corners")
        self.quad = quad
        let d = quad[3] - quad[0]
        quadSize = hypot(d.x, d.y)
    }
}
