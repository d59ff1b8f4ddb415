/// StyleGAN2's upsampling conv for one sample, streamed over bands of rows:
/// stride-2 3×3 transposed conv (no flip, architecture §0.2) into `t [O, 2H+1, 2W+1]`, then
/// upfirdn2d(K4, pad (1,1)) → `[O, 2H, 2W]` (the closed form of §0.5), without ever holding `t` at full size.
///
/// Each worker owns a band of input rows and keeps only a window of `t` rows for all output channels: per tile of
/// input rows it runs one single-threaded sgemm `[(o,a,b), C] · x[C, rows·W]`, adds the columns into the window
/// (col2im), blurs every output row whose four `t` rows are complete, and slides the window. Bands overlap by one
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
                                     workers requestedWorkers: Int = Parallel.workerCount,
                                     epilogue: Epilogue? = nil) {
        precondition(c >= 1 && o >= 1 && h >= 1 && w >= 1, "upsampling conv sizes")
        let workers = max(1, min(requestedWorkers, h / 2))
        let rowsPerTile = max(1, min(h, (targetColumns + w - 1) / w))
        let m = o * 9, tw = 2 * w + 1, th = 2 * h + 1, ow = 2 * w, outPlane = 4 * h * w
        let windowRows = 2 * rowsPerTile + 6
        let colFloats = m * rowsPerTile * w, windowFloats = o * windowRows * tw
        let perWorker = colFloats + windowFloats + tw
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
                // col2im into the window: t[o, 2y+a, 2x+b] += cols[(o,a,b), (y−y0)·W + x], one pass per t row:
                // t[2x] += c_a0[x] + c_a2[x−1], t[2x+1] += c_a1[x] (interleaved stores, no strided read-modify-write).
                for oc in 0..<o {
                    let plane = win + oc * windowRows * tw
                    for r in 0..<rows {
                        for a in 0..<3 {
                            let dst = plane + (2 * (y0 + r) + a - tBase) * tw
                            let c0 = cols + (oc * 9 + a * 3) * n + r * w, c1 = c0 + n, c2 = c1 + n
                            dst[0] += c0[0]
                            dst[1] += c1[0]
                            for x in 1..<max(w, 1) {
                                dst[2 * x] += c0[x] + c2[x - 1]
                                dst[2 * x + 1] += c1[x]
                            }
                            dst[2 * w] += c2[w - 1]
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
                        let plane = win + oc * windowRows * tw, dstPlane = out.base + oc * outPlane
                        for z in zNext..<zLimit {
                            func row(_ t: Int) -> UnsafeMutablePointer<Float>? {
                                t < 0 || t >= th ? nil : plane + (t - tBase) * tw
                            }
                            // Vertical K4 over the four t rows into tmp [2W+1], then horizontal into the output row.
                            let r1 = row(z)!, r2 = row(z + 1)!
                            if let r0 = row(z - 1), let r3 = row(z + 2) {
                                for j in 0..<tw { tmp[j] = 0.25 * r0[j] + 0.75 * r1[j] + 0.75 * r2[j] + 0.25 * r3[j] }
                            } else if let r3 = row(z + 2) {
                                for j in 0..<tw { tmp[j] = 0.75 * r1[j] + 0.75 * r2[j] + 0.25 * r3[j] }
                            } else if let r0 = row(z - 1) {
                                for j in 0..<tw { tmp[j] = 0.25 * r0[j] + 0.75 * r1[j] + 0.75 * r2[j] }
                            } else {
                                for j in 0..<tw { tmp[j] = 0.75 * r1[j] + 0.75 * r2[j] }
                            }
                            let dst = dstPlane + z * ow
                            dst[0] = 0.75 * tmp[0] + 0.75 * tmp[1] + 0.25 * tmp[2]
                            if ow > 2 {
                                for i in 1..<(ow - 1) { dst[i] = 0.25 * tmp[i - 1] + 0.75 * tmp[i] + 0.75 * tmp[i + 1] + 0.25 * tmp[i + 2] }
                            }
                            if ow > 1 { dst[ow - 1] = 0.25 * tmp[ow - 2] + 0.75 * tmp[ow - 1] + 0.75 * tmp[ow] }
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
                        let plane = win + oc * windowRows * tw
                        if kept > 0 { plane.update(from: plane + shift * tw, count: kept * tw) }
                        (plane + kept * tw).update(repeating: 0, count: (windowRows - kept) * tw)
                    }
                    tBase = keepFrom
                    filled = kept
                }
                y0 = y1
            }
        }
        if workers == 1 {
            body(0)
        } else {
            Parallel.forEach(workers, workPerItem: 1 << 30, body)
        }
    }
}
