import ImageCodecs

extension RGBImage {
    /// PIL's `transform((size, size), Image.QUAD, quad, Image.BILINEAR)`: output pixel centre (x+½, y+½) maps to
    /// `a0 + a1·x + a2·y + a3·x·y` (and likewise for y) with the coefficients PIL derives from the corners
    /// `quad` = [NW, SW, SE, NE] (source pixels, PIL's pixel-edge convention); the source is sampled bilinearly with
    /// edge clamping and truncated to 8 bits; points outside the source are black.
    public func quadTransformed(size: Int, quad: [SIMD2<Double>]) -> RGBImage {
        precondition(quad.count == 4 && size > 0)
        let (nw, sw, se, ne) = (quad[0], quad[1], quad[2], quad[3])
        let As = 1.0 / Double(size), At = 1.0 / Double(size)
        let a0 = nw.x, a1 = (ne.x - nw.x) * As, a2 = (sw.x - nw.x) * At, a3 = (se.x - sw.x - ne.x + nw.x) * As * At
        let a4 = nw.y, a5 = (ne.y - nw.y) * As, a6 = (sw.y - nw.y) * At, a7 = (se.y - sw.y - ne.y + nw.y) * As * At
        var out = [UInt8](repeating: 0, count: size * size * 3)
        let w = width, h = height
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<size {
                let yin = Double(y) + 0.5
                for x in 0..<size {
                    let xin = Double(x) + 0.5
                    let sx = a0 + a1 * xin + a2 * yin + a3 * xin * yin
                    let sy = a4 + a5 * xin + a6 * yin + a7 * xin * yin
                    Self.bilinear(src, w, h, sx, sy, into: &out, at: (y * size + x) * 3)
                }
            }
        }
        return RGBImage(width: size, height: size, pixels: out)
    }

    /// Geometry.c `bilinear_filter32RGB` at (xin, yin); leaves `out` untouched (black) outside the image.
    @inline(__always)
    static func bilinear(_ src: UnsafeBufferPointer<UInt8>, _ w: Int, _ h: Int, _ xin: Double, _ yin: Double,
                         into out: inout [UInt8], at o: Int) {
        if xin < 0 || xin >= Double(w) || yin < 0 || yin >= Double(h) { return }
        let xs = xin - 0.5, ys = yin - 0.5
        let x = Int(xs.rounded(.down)), y = Int(ys.rounded(.down))
        let dx = xs - Double(x), dy = ys - Double(y)
        let x0 = min(max(x, 0), w - 1) * 3, x1 = min(max(x + 1, 0), w - 1) * 3
        let row0 = min(max(y, 0), h - 1) * w * 3
        let hasRow1 = y + 1 >= 0 && y + 1 < h
        let row1 = (y + 1) * w * 3
        for b in 0..<3 {
            let p0 = Double(src[row0 + x0 + b]), p1 = Double(src[row0 + x1 + b])
            var v1 = p0 + (p1 - p0) * dx
            var v2 = v1
            if hasRow1 {
                let q0 = Double(src[row1 + x0 + b]), q1 = Double(src[row1 + x1 + b])
                v2 = q0 + (q1 - q0) * dx
            }
            v1 = v1 + (v2 - v1) * dy
            out[o + b] = UInt8(v1)
        }
    }
}
