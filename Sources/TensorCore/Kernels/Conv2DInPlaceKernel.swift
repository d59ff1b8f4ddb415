/// 3×3, stride 1, pad 1 conv with as many output as input channels, computed **in place** over `[C, H, W]`
/// by rolling over bands of output rows, so input and output never both exist at full size.
///
/// The rows are split into `Parallel.sliceCount` bands (a constant: the bands depend on the shape only), run on the
/// workers. Each band is walked in tiles of `rowsPerTile` output rows:
/// im2col of tile t (which reads input rows r0−1 … r0+R), then write-back of tile t−1's output over its own
/// input rows (no longer needed by anyone), then a single-threaded sgemm of tile t into a small output buffer.
/// The input rows just outside each band are copied before the workers start, so neighbours may overwrite them.
/// The write-back is the caller's `epilogue`, which can fuse bias/noise/activation while the tile is in cache.
public enum Conv2DInPlaceKernel {
    /// Writes a finished tile back. `tile`: `[C, rows, W]` (contiguous); `rowStart`: the first image row;
    /// `data`: the whole `[C, H, W]` image. Must write exactly rows `rowStart ..< rowStart + rows` of every channel.
    public typealias Epilogue = @Sendable (_ tile: UnsafePointer<Float>, _ rowStart: Int, _ rows: Int,
                                          _ data: UnsafeMutablePointer<Float>) -> Void

    /// Default GEMM columns (output pixels) per tile.
    public static let defaultTargetColumns = 2048

    /// data `[C, H, W]` ← epilogue(conv3x3(data, weight `[C, C, 3, 3]`)), pad 1.
    /// `workspace` holds the column tiles, output tiles and halo rows (one set per worker).
    public static func forwardSample(data: UnsafeMutablePointer<Float>, channels c: Int, height h: Int, width w: Int,
                                     weight: UnsafePointer<Float>, workspace: KernelWorkspace,
                                     targetColumns: Int = defaultTargetColumns,
                                     workers requestedWorkers: Int = Parallel.sliceCount,
                                     epilogue: @escaping Epilogue) {
        precondition(c >= 1 && h >= 1 && w >= 1, "in-place conv sizes")
        let workers = max(1, min(requestedWorkers, h))
        let rowsPerTile = max(1, min(h, (targetColumns + w - 1) / w))
        let k = 9 * c
        // Per worker: columns [9C, R·W], output tile [C, R·W], halo above [C, W], halo below [C, W].
        let colFloats = k * rowsPerTile * w, tileFloats = c * rowsPerTile * w, haloFloats = c * w
        let perWorker = colFloats + tileFloats + 2 * haloFloats
        let base = workspace.buffer(count: perWorker * workers)
        let bounds = (0...workers).map { h * $0 / workers }
        // Save the rows just outside each band before anyone writes.
        for band in 0..<workers {
            let scratch = base + band * perWorker + colFloats + tileFloats
            let above = bounds[band] - 1, below = bounds[band + 1]
            for ch in 0..<c {
                if above >= 0 { (scratch + ch * w).update(from: data + (ch * h + above) * w, count: w) }
                if below < h { (scratch + haloFloats + ch * w).update(from: data + (ch * h + below) * w, count: w) }
            }
        }
        let ws = SendableMutablePointer(base), img = SendableMutablePointer(data), wt = SendableConstPointer(weight)
        let savedThreads = GEMM.blasThreadCount
        if workers > 1 { GEMM.blasThreadCount = 1 }
        defer { if workers > 1 { GEMM.blasThreadCount = savedThreads } }
        let body: @Sendable (Int) -> Void = { band in
            let mine = ws.base + band * perWorker
            let cols = mine, out = mine + colFloats, above = mine + colFloats + tileFloats, below = above + haloFloats
            let lo = bounds[band], hi = bounds[band + 1]
            // Input row y of channel ch: the image inside the band, a halo copy just outside, nil (zeros) beyond.
            func source(_ ch: Int, _ y: Int) -> UnsafePointer<Float>? {
                if y >= lo && y < hi { return UnsafePointer(img.base + (ch * h + y) * w) }
                if y == lo - 1 && y >= 0 { return UnsafePointer(above + ch * w) }
                if y == hi && y < h { return UnsafePointer(below + ch * w) }
                return nil
            }
            var pending: (start: Int, rows: Int)? = nil
            var r0 = lo
            while r0 < hi {
                let rows = min(rowsPerTile, hi - r0), n = rows * w
                for ch in 0..<c {
                    for a in 0..<3 {
                        for r in 0..<rows {
                            let src = source(ch, r0 + r + a - 1)
                            for b in 0..<3 {
                                let dst = cols + ((ch * 3 + a) * 3 + b) * n + r * w
                                guard let src else { dst.update(repeating: 0, count: w); continue }
                                switch b {
                                case 0: dst[0] = 0; (dst + 1).update(from: src, count: w - 1)
                                case 1: dst.update(from: src, count: w)
                                default: dst.update(from: src + 1, count: w - 1); dst[w - 1] = 0
                                }
                            }
                        }
                    }
                }
                if let p = pending { epilogue(UnsafePointer(out), p.start, p.rows, img.base) }
                GEMM.sgemm(m: c, n: n, k: k, a: wt.base, lda: k, b: cols, ldb: n, c: out, ldc: n)
                pending = (r0, rows)
                r0 += rows
            }
            if let p = pending { epilogue(UnsafePointer(out), p.start, p.rows, img.base) }
        }
        // Under Precision.bf16 the weights are rounded once for all bands and tiles (BF16PackedOperands).
        BF16PackedOperands.withPacked(wt.base, rows: c, cols: k, ld: k) {
            if workers == 1 {
                body(0)
            } else {
                Parallel.forEach(workers, workPerItem: 1 << 30, body)
            }
        }
    }
}
