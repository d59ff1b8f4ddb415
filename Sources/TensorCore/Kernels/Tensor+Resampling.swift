/// Bilinear resize variants.
public enum BilinearMode: Sendable, Equatable {
    /// `F.interpolate(mode="bilinear", align_corners=False)` (half-pixel centres; no antialiasing).
    case halfPixel
    /// `F.interpolate(mode="bilinear", align_corners=True)` (corner pixels map to corner pixels).
    case alignCorners
    /// `F.interpolate(mode="bilinear", antialias=True)` / torchvision `Resize(antialias=True)`: when downscaling,
    /// the triangle filter widens by the scale factor (like PIL's BILINEAR, but in float arithmetic, without
    /// Pillow's uint8 fixed-point rounding). For upscaling it equals `.halfPixel`.
    case antialiased
}

extension Tensor {
    /// `nn.AdaptiveAvgPool2d((outHeight, outWidth))` (architecture §0.10): output (i, j) averages rows
    /// `[⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉)` and the matching columns. self: `[N, C, H, W]` → `[N, C, oh, ow]`.
    public func adaptiveAvgPool2d(outHeight: Int, outWidth: Int) throws -> Tensor {
        try TensorCoreError.requireRank(self, 4, "adaptiveAvgPool2d", "input", "[N, C, H, W]")
        guard outHeight >= 1, outWidth >= 1 else {
            throw TensorCoreError.invalidParameter(operation: "adaptiveAvgPool2d", parameter: "output size", reason: "\(outHeight)×\(outWidth)")
        }
        return separableResample(rows: ResamplingWeights.adaptiveAverage(input: shape[2], output: outHeight),
                                 columns: ResamplingWeights.adaptiveAverage(input: shape[3], output: outWidth))
    }

    /// Bilinear resize of every plane. self: `[N, C, H, W]` → `[N, C, outHeight, outWidth]`.
    public func resizedBilinear(outHeight: Int, outWidth: Int, mode: BilinearMode = .halfPixel) throws -> Tensor {
        try TensorCoreError.requireRank(self, 4, "resizedBilinear", "input", "[N, C, H, W]")
        guard outHeight >= 1, outWidth >= 1 else {
            throw TensorCoreError.invalidParameter(operation: "resizedBilinear", parameter: "output size", reason: "\(outHeight)×\(outWidth)")
        }
        let h = shape[2], w = shape[3]
        switch mode {
        case .halfPixel, .alignCorners:
            let ac = mode == .alignCorners
            return separableResample(rows: ResamplingWeights.bilinear(input: h, output: outHeight, alignCorners: ac),
                                     columns: ResamplingWeights.bilinear(input: w, output: outWidth, alignCorners: ac))
        case .antialiased:
            return separableResample(rows: ResamplingWeights.antialiasedBilinear(input: h, output: outHeight),
                                     columns: ResamplingWeights.antialiasedBilinear(input: w, output: outWidth))
        }
    }

    /// Applies 1-D tap tables along W then H, per plane, in parallel over planes.
    func separableResample(rows: [ResamplingTap], columns: [ResamplingTap]) -> Tensor {
        let h = shape[2], w = shape[3]
        return withUnsafeBufferPointer { x in
            let src = SendableConstPointer(x.baseAddress!)
            return Tensor.separableResample(outerShape: [shape[0], shape[1]], height: h, width: w, rows: rows,
                                            columns: columns) { p, y, _ in src.base + (p * h + y) * w }
        }
    }

    /// The core of every resize: for each of the `outerShape` planes (`[N, C]`), the W pass then the H pass.
    /// `row(p, y, scratch)` returns row y of plane p (`width` floats), either a pointer into existing memory or
    /// `scratch` (room for `width` floats) after filling it, so a source never needs to exist in Float32 at full size.
    static func separableResample(outerShape: [Int], height h: Int, width w: Int, rows: [ResamplingTap], columns: [ResamplingTap],
                                  row: @Sendable (Int, Int, UnsafeMutablePointer<Float>) -> UnsafePointer<Float>) -> Tensor {
        let oh = rows.count, ow = columns.count
        let planes = outerShape.reduce(1, *)
        var out = Tensor(zeros: outerShape + [oh, ow])
        out.withUnsafeMutableBufferPointer { o in
            let dst = SendableMutablePointer(o.baseAddress!)
            Parallel.forEach(planes, workPerItem: h * ow * 2 + oh * ow * 2) { p in
                let tmp = UnsafeMutablePointer<Float>.allocate(capacity: h * ow)
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(w, 1))
                defer { tmp.deallocate(); scratch.deallocate() }
                for y in 0..<h {
                    let source = row(p, y, scratch), t = tmp + y * ow
                    for (j, tap) in columns.enumerated() {
                        var acc: Float = 0
                        for (k, wt) in tap.weights.enumerated() { acc += wt * source[tap.start + k] }
                        t[j] = acc
                    }
                }
                let outPlane = dst.base + p * oh * ow
                for (i, tap) in rows.enumerated() {
                    let orow = outPlane + i * ow
                    orow.update(repeating: 0, count: ow)
                    for (k, wt) in tap.weights.enumerated() {
                        let t = tmp + (tap.start + k) * ow
                        for j in 0..<ow { orow[j] += wt * t[j] }
                    }
                }
            }
        }
        return out
    }

    /// Bilinear resize of `planes` planes of `height × width` values produced row by row: `row(p, y, buffer)` writes
    /// row y of plane p into `buffer` (`width` floats). Gives exactly `resizedBilinear` of the tensor those rows
    /// make, `[1, planes, outHeight, outWidth]`, while holding only one row per worker and `height × outWidth` floats
    /// per plane (a 16384-px photo is never converted to Float32 as a whole).
    public static func resizedBilinear(planes: Int, height: Int, width: Int, outHeight: Int, outWidth: Int,
                                       mode: BilinearMode = .halfPixel,
                                       row: @escaping @Sendable (Int, Int, UnsafeMutablePointer<Float>) -> Void) throws -> Tensor {
        guard planes >= 1, height >= 1, width >= 1, outHeight >= 1, outWidth >= 1 else {
            throw TensorCoreError.invalidParameter(operation: "resizedBilinear", parameter: "size",
                                                   reason: "\(planes) planes of \(height)×\(width) → \(outHeight)×\(outWidth)")
        }
        let rows: [ResamplingTap], columns: [ResamplingTap]
        switch mode {
        case .halfPixel, .alignCorners:
            let ac = mode == .alignCorners
            rows = ResamplingWeights.bilinear(input: height, output: outHeight, alignCorners: ac)
            columns = ResamplingWeights.bilinear(input: width, output: outWidth, alignCorners: ac)
        case .antialiased:
            rows = ResamplingWeights.antialiasedBilinear(input: height, output: outHeight)
            columns = ResamplingWeights.antialiasedBilinear(input: width, output: outWidth)
        }
        return separableResample(outerShape: [1, planes], height: height, width: width, rows: rows, columns: columns) { p, y, scratch in
            row(p, y, scratch)
            return UnsafePointer(scratch)
        }
    }
}
