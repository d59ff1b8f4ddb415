import Foundation
import ImageCodecs

extension FFHQAlignment {
    /// The aligned crop as a `size`×`size` image: the official `align_face(…, output_size=size,
    /// transform_size=transformSize)` resampling step for step (ReStyle's script uses 256 and 256).
    ///
    /// 1. Shrink: `shrink = ⌊qsize/size·0.5⌋`; when > 1 the photo is resized by 1/shrink (PIL LANCZOS, sizes
    ///    rounded half to even) and the quad with it.
    /// 2. Crop: the quad's bounding box plus `border = max(rint(0.1·qsize), 3)`, clamped to the photo.
    /// 3. Pad: when the quad plus border reaches more than `border − 4` px past the crop, every side is padded by at
    ///    least `rint(0.3·qsize)` (NumPy `reflect`), blurred towards the edges (σ = 0.02·qsize) and blended towards
    ///    the median colour (`FFHQPadding`).
    /// 4. Transform: PIL `QUAD` with bilinear sampling to `transformSize`, then LANCZOS to `size` if smaller.
    public func aligned(_ image: RGBImage, size: Int, transformSize: Int? = nil) -> RGBImage {
        precondition(size > 0, "alignment output size must be positive")
        let transformSize = transformSize ?? size
        var img = image
        var quad = self.quad
        var qsize = quadSize

        // Shrink.
        let shrink = Int((qsize / Double(size) * 0.5).rounded(.down))
        if shrink > 1 {
            let width = Int((Double(img.width) / Double(shrink)).rounded(.toNearestOrEven))
            let height = Int((Double(img.height) / Double(shrink)).rounded(.toNearestOrEven))
            img = img.lanczosResized(width: width, height: height)
            quad = quad.map { $0 / Double(shrink) }
            qsize /= Double(shrink)
        }

        // Crop.
        let border = max(Int((qsize * 0.1).rounded(.toNearestOrEven)), 3)
        var bounds = Self.bounds(of: quad)
        let crop = (max(bounds.0 - border, 0), max(bounds.1 - border, 0),
                    min(bounds.2 + border, img.width), min(bounds.3 + border, img.height))
        if crop.2 - crop.0 < img.width || crop.3 - crop.1 < img.height {
            img = img.cropped(left: crop.0, top: crop.1, right: crop.2, bottom: crop.3)
            quad = quad.map { $0 - SIMD2(Double(crop.0), Double(crop.1)) }
        }

        // Pad.
        bounds = Self.bounds(of: quad)
        var pad = [max(-bounds.0 + border, 0), max(-bounds.1 + border, 0),
                   max(bounds.2 - img.width + border, 0), max(bounds.3 - img.height + border, 0)]
        if pad.max()! > border - 4 {
            let least = Int((qsize * 0.3).rounded(.toNearestOrEven))
            pad = pad.map { max($0, least) }
            img = FFHQPadding(left: pad[0], top: pad[1], right: pad[2], bottom: pad[3], blur: qsize * 0.02).apply(to: img)
            quad = quad.map { $0 + SIMD2(Double(pad[0]), Double(pad[1])) }
        }

        // Transform.
        img = img.quadTransformed(size: transformSize, quad: quad.map { $0 + 0.5 })
        if size < transformSize { img = img.lanczosResized(width: size, height: size) }
        return img
    }

    /// (⌊min x⌋, ⌊min y⌋, ⌈max x⌉, ⌈max y⌉) of the corners.
    static func bounds(of quad: [SIMD2<Double>]) -> (Int, Int, Int, Int) {
        let xs = quad.map(\.x), ys = quad.map(\.y)
        return (Int(xs.min()!.rounded(.down)), Int(ys.min()!.rounded(.down)),
                Int(xs.max()!.rounded(.up)), Int(ys.max()!.rounded(.up)))
    }
}

extension RGBImage {
    /// The pixels in columns `left..<right`, rows `top..<bottom` (inside the image).
    public func cropped(left: Int, top: Int, right: Int, bottom: Int) -> RGBImage {
        precondition(left >= 0 && top >= 0 && right <= width && bottom <= height && left <= right && top <= bottom,
                     "crop (\(left), \(top), \(right), \(bottom)) outside \(width)x\(height)")
        let w = right - left
        var out = [UInt8](repeating: 0, count: w * (bottom - top) * 3)
        for y in top..<bottom {
            let src = (y * width + left) * 3, dst = (y - top) * w * 3
            for i in 0..<(w * 3) { out[dst + i] = pixels[src + i] }
        }
        return RGBImage(width: w, height: bottom - top, pixels: out)
    }
}
