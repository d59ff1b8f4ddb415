import Foundation
import ImageCodecs

extension FFHQAlignment {
    /// `photo` with `crop` (an aligned view of it at any size S×S: the encoder crop or the generator's output) warped
    /// back through the inverse of the quad transform and blended in with a feathered round mask.
    ///
    /// Crop pixel (x, y) was sampled at photo pixel `q0 + (x+½)/S·(q3 − q0) + (y+½)/S·(q1 − q0)` (the quad's
    /// top-left q0, top-right q3, bottom-left q1; pixel centres at integers, as the landmarks), so photo pixel p maps
    /// back to crop coordinates u, v ∈ [0, 1] by the inverse of that affine map. The blend weight is 1 inside the
    /// circle of radius `inner` (in units of the crop side, centred in the crop) and falls smoothly to 0 at radius ½
    /// (the inscribed circle), so every pixel outside the quad — and outside that circle — keeps its exact bytes.
    public func pasted(_ crop: RGBImage, into photo: RGBImage, inner: Double = 0.36) -> RGBImage {
        precondition(crop.width == crop.height && crop.width > 0, "the crop must be square")
        precondition(inner > 0 && inner < 0.5)
        let s = Double(crop.width)
        let q0 = quad[0], e1 = quad[3] - quad[0], e2 = quad[1] - quad[0]
        let det = e1.x * e2.y - e1.y * e2.x
        guard abs(det) > 1e-9 else { return photo }
        var out = photo.pixels
        // Only the bounding box of the quad can change.
        let xs = quad.map(\.x), ys = quad.map(\.y)
        let x0 = max(Int(xs.min()!.rounded(.down)), 0), x1 = min(Int(xs.max()!.rounded(.up)), photo.width - 1)
        let y0 = max(Int(ys.min()!.rounded(.down)), 0), y1 = min(Int(ys.max()!.rounded(.up)), photo.height - 1)
        guard x0 <= x1, y0 <= y1 else { return photo }
        crop.pixels.withUnsafeBufferPointer { src in
            for py in y0...y1 {
                for px in x0...x1 {
                    let d = SIMD2(Double(px), Double(py)) - q0
                    let u = (d.x * e2.y - d.y * e2.x) / det                   // along q0 → q3, 0…1
                    let v = (e1.x * d.y - e1.y * d.x) / det                   // along q0 → q1, 0…1
                    let r = hypot(u - 0.5, v - 0.5)
                    guard r < 0.5 else { continue }
                    let t = min(max((0.5 - r) / (0.5 - inner), 0), 1)
                    let weight = t * t * (3 - 2 * t)                            // smoothstep
                    guard weight > 0 else { continue }
                    let cx = min(max(u * s - 0.5, 0), s - 1), cy = min(max(v * s - 0.5, 0), s - 1)
                    let ix = Int(cx), iy = Int(cy)
                    let jx = min(ix + 1, crop.width - 1), jy = min(iy + 1, crop.height - 1)
                    let fx = cx - Double(ix), fy = cy - Double(iy)
                    let o = (py * photo.width + px) * 3
                    for c in 0..<3 {
                        func at(_ x: Int, _ y: Int) -> Double { Double(src[(y * crop.width + x) * 3 + c]) }
                        let top = at(ix, iy) * (1 - fx) + at(jx, iy) * fx
                        let bottom = at(ix, jy) * (1 - fx) + at(jx, jy) * fx
                        let value = top * (1 - fy) + bottom * fy
                        let blended = Double(out[o + c]) * (1 - weight) + value * weight
                        out[o + c] = UInt8(min(max(blended.rounded(), 0), 255))
                    }
                }
            }
        }
        return RGBImage(width: photo.width, height: photo.height, pixels: out)
    }
}
