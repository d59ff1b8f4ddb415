/// StyleGAN2's upsampling conv for one sample, streamed over bands of rows:
/// stride-2 3×3 transposed conv (no flip, architecture §0.2) into `t [O, 2H+1, 2W+1]`, then
/// upfirdn2d(K4, pad (1,1)) → `[O, 2H, 2W]` (the closed form of §0.5), without ever holding `t` at full size.
///
/// The input rows are cut into `Parallel.sliceCount` bands (shape-only, run on the workers); each band keeps only
/// a window of `t` rows for all output channels: per tile of input rows it runs one sgemm `[(o,a,b), C] · x[C, rows·W]`,
/// adds the columns into the window (col2im), blurs every output row whose four `t` rows are complete, and slides
/// the window. Bands overlap by one
/// input row on each side (recomputed) so workers never share `t` rows. `epilogue(rowStart, rows)` runs on each
/// freshly written band of output rows (all channels) while it is in cache.
public enum UpsampleConvBandKernel {
    public typealias Epilogue = @Sendable (_ rowStart: Int, _ rows: Int) -> Void

    /// Default GEMM columns (input pixels) per tile.
    public static let defaultTargetColumns = 2048

    /// input `[C, H, W]`, weight `W'[O, C, 3, 3]` (forward layout) → output `[O, 2H, 2W]` (overwritten).
    public static func forwardSample(input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     output: UnsafeMutablePointer<Float>, inChannels c: Int, outChannels o: Int,
                                     height h: Int, width w: Int, workspace: KernelWorkspace,
                                     targetColumns: Int = defaultTargetColumns,
                                     workers requestedWorkers: Int = Parallel.sliceCount,
                                     epilogue: Epilogue? = nil) {
        precondition(c >= 1 && o >= 1 && h >= 1 && w >= 1, "upsampling conv sizes")
        let workers = max(1, min(requestedWorkers, h / 2))
        let rowsPerTile = max(1, min(h, (targetColumns + w - 1) / w))
        let m = o * 9, th = 2 * h + 1, ow = 2 * w, outPlane = 4 * h * w
        // A t row is stored split by column parity: e[x] = t[2x] (x = 0…W) at 0, a zero, o[x] = t[2x+1] (x < W)
        // at W+2, a zero. col2im then adds unit-stride rows and the horizontal blur reads unit-stride rows.
        let rw = 2 * w + 3, oddStart = w + 2
        let windowRows = 2 * rowsPerTile + 6
        let colFloats = m * rowsPerTile * w, windowFloats = o * windowRows * rw
        let perWorker = colFloats + windowFloats + rw
        let base = workspace.buffer(count: m * c + perWorker * workers)
        let wT = base
        let g = try! ConvTranspose2DGeometry(inChannels: c, height: h, width: w, outChannels: o, kernelSize: 3)
        ConvTranspose2DKernel.rearrangeToTapMajor(weight, into: wT, geometry: g)
        let bounds = (0...workers).map { h * $0 / workers }
        let ws = SendableMutablePointer(base + m * c), x = SendableConstPointer(input), out = SendableMutablePointer(output)
        let weights = SendableConstPointer(wT)
        let savedThreads = GEMM.blasThreadCount
        if workers > 1 { GEMM.blasThreadCount = 1 }
        defer { if workers > 1 { GEMM.blasThreadCount = savedThreads } }
        let body: @Sendable (Int) -> Void = { band in
            let cols = ws.base + band * perWorker, win = cols + colFloats, tmp = win + windowFloats
            let lo = bounds[band], hi = bounds[band + 1]
            let yStart = max(lo - 1, 0), yEnd = min(hi + 1, h)
            var tBase = 2 * yStart                        // t row held in window row 0
            var filled = 0                                // window rows touched so far
            var zNext = 2 * lo                            // next output row to emit
            let zEnd = 2 * hi
            win.update(repeating: 0, count: windowFloats)
            var y0 = yStart
            while y0 < yEnd {
                let rows = min(rowsPerTile, yEnd - y0), n = rows * w
                GEMM.sgemm(m: m, n: n, k: c, a: weights.base, lda: c, b: x.base + y0 * w, ldb: h * w, c: cols, ldc: n)
                // col2im into the window: t[o, 2y+a, 2x+b] += cols[(o,a,b), (y−y0)·W + x], i.e. per t row
                // e[x] += c_a0[x], e[x+1] += c_a2[x], o[x] += c_a1[x].
                for oc in 0..<o {
                    let plane = win + oc * windowRows * rw
                    for r in 0..<rows {
                        for a in 0..<3 {
                            let even = plane + (2 * (y0 + r) + a - tBase) * rw, odd = even + oddStart
                            let c0 = cols + (oc * 9 + a * 3) * n + r * w, c1 = c0 + n, c2 = c1 + n
                            for x in 0..<w { even[x] += c0[x] }
                            for x in 0..<w { odd[x] += c1[x] }
                            for x in 0..<w { even[x + 1] += c2[x] }
                        }
                    }
                }
                filled = max(filled, 2 * (y0 + rows) + 3 - tBase)
                let y1 = y0 + rows
                let tDone = y1 == h ? th - 1 : 2 * y1 - 1     // last complete t row
                // Output row Z needs t rows Z−1 … Z+2 (outside 0 … 2H they are zero).
                let zLimit = min(zEnd, tDone == th - 1 ? zEnd : tDone - 1)
                if zNext < zLimit {
                    for oc in 0..<o {
                        let plane = win + oc * windowRows * rw, dstPlane = out.base + oc * outPlane
                        for z in zNext..<zLimit {
                            func row(_ t: Int) -> UnsafeMutablePointer<Float>? {
                                t < 0 || t >= th ? nil : plane + (t - tBase) * rw
                            }
                            // Vertical K4 over the four t rows into tmp (parity-split, 2W+3), then horizontal into the output row.
                            let r1 = row(z)!, r2 = row(z + 1)!
                            if let r0 = row(z - 1), let r3 = row(z + 2) {
                                for j in 0..<rw { tmp[j] = 0.25 * r0[j] + 0.75 * r1[j] + 0.75 * r2[j] + 0.25 * r3[j] }
                            } else if let r3 = row(z + 2) {
                                for j in 0..<rw { tmp[j] = 0.75 * r1[j] + 0.75 * r2[j] + 0.25 * r3[j] }
                            } else if let r0 = row(z - 1) {
                                for j in 0..<rw { tmp[j] = 0.25 * r0[j] + 0.75 * r1[j] + 0.75 * r2[j] }
                            } else {
                                for j in 0..<rw { tmp[j] = 0.75 * r1[j] + 0.75 * r2[j] }
                            }
                            // Horizontal K4 on the parity-split row: out[2n] = ¼·o[n−1] + ¾·e[n] + ¾·o[n] + ¼·e[n+1],
                            // out[2n+1] = ¼·e[n] + ¾·o[n] + ¾·e[n+1] + ¼·o[n+1] (o[−1] = o[W] = the zero pads).
                            let dst = dstPlane + z * ow, e = UnsafePointer(tmp), od = e + oddStart
                            for i in 0..<w {
                                dst[2 * i] = 0.25 * od[i - 1] + 0.75 * e[i] + 0.75 * od[i] + 0.25 * e[i + 1]
                                dst[2 * i + 1] = 0.25 * e[i] + 0.75 * od[i] + 0.75 * e[i + 1] + 0.25 * od[i + 1]
                            }
                        }
                    }
                    epilogue?(zNext, zLimit - zNext)
                    zNext = zLimit
                }
                // Slide: keep t rows from zNext − 1 on.
                let keepFrom = max(zNext - 1, tBase)
                let shift = keepFrom - tBase
                if shift > 0 {
                    let kept = max(filled - shift, 0)
                    for oc in 0..<o {
                        let plane = win + oc * windowRows * rw
                        if kept > 0 { plane.update(from: plane + shift * rw, count: kept * rw) }
                        (plane + kept * rw).update(repeating: 0, count: (windowRows - kept) * rw)
                    }
                    tBase = keepFrom
                    filled = kept
                }
                y0 = y1
            }
        }
        // Under Precision.bf16 the weights are rounded once for all bands and tiles (BF16PackedOperands).
        BF16PackedOperands.withPacked(weights.base, rows: m, cols: c, ld: c) {
            if workers == 1 {
                body(0)
            } else {
                Parallel.forEach(workers, workPerItem: 1 << 30, body)
            }
        }
    }
}
