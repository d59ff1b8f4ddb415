/// im2col for one sample and a band of output rows.
///
/// input `[C, H, W]` → columns `[C·kh·kw, rows·Wout]`, where column `(i − rowStart)·Wout + j` holds the
/// padded input patch under output pixel `(i, j)`; out-of-image taps are 0.
enum Im2col {
    static func fill(input: UnsafePointer<Float>, geometry g: Conv2DGeometry, rowStart: Int, rowCount: Int,
                     columns: UnsafeMutablePointer<Float>) {
        let kk = g.kernelHeight * g.kernelWidth
        let tileColumns = rowCount * g.outWidth
        let src = SendableConstPointer(input), dst = SendableMutablePointer(columns)
        Parallel.forEach(g.inChannels, workPerItem: kk * tileColumns) { c in
            let plane = src.base + c * g.height * g.width
            for a in 0..<g.kernelHeight {
                for b in 0..<g.kernelWidth {
                    let row = dst.base + ((c * g.kernelHeight + a) * g.kernelWidth + b) * tileColumns
                    fillRow(plane: plane, geometry: g, a: a, b: b, rowStart: rowStart, rowCount: rowCount, out: row)
                }
            }
        }
    }

    /// Same as `fill`, on the calling thread only.
    static func fillSerial(input: UnsafePointer<Float>, geometry g: Conv2DGeometry, rowStart: Int, rowCount: Int,
                           columns: UnsafeMutablePointer<Float>) {
        let tileColumns = rowCount * g.outWidth
        for c in 0..<g.inChannels {
            let plane = input + c * g.height * g.width
            for a in 0..<g.kernelHeight {
                for b in 0..<g.kernelWidth {
                    let row = columns + ((c * g.kernelHeight + a) * g.kernelWidth + b) * tileColumns
                    fillRow(plane: plane, geometry: g, a: a, b: b, rowStart: rowStart, rowCount: rowCount, out: row)
                }
            }
        }
    }

    /// One im2col row: tap (a, b) of one channel plane for output rows `rowStart ..< rowStart + rowCount`.
    @inline(__always)
    private static func fillRow(plane: UnsafePointer<Float>, geometry g: Conv2DGeometry, a: Int, b: Int,
                                rowStart: Int, rowCount: Int, out: UnsafeMutablePointer<Float>) {
        let s = g.stride, p = g.padding, wOut = g.outWidth
        // Output columns j whose input column j·s + b − p lies inside [0, W).
        let jLo = min(wOut, max(0, (p - b + s - 1) / s))
        let jHi = g.width - 1 + p - b < 0 ? jLo : max(jLo, min(wOut, (g.width - 1 + p - b) / s + 1))   // no j when b > W−1+p (`/` truncates)
        for r in 0..<rowCount {
            let dst = out + r * wOut
            let y = (rowStart + r) * s + a - p
            if y < 0 || y >= g.height {
                dst.update(repeating: 0, count: wOut)
                continue
            }
            let srcRow = plane + y * g.width
            if jLo > 0 { dst.update(repeating: 0, count: jLo) }
            if s == 1 {
                (dst + jLo).update(from: srcRow + (jLo + b - p), count: jHi - jLo)
            } else {
                var x = jLo * s + b - p
                for j in jLo..<jHi { dst[j] = srcRow[x]; x += s }
            }
            if jHi < wOut { (dst + jHi).update(repeating: 0, count: wOut - jHi) }
        }
    }
}
