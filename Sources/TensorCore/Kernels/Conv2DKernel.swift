/// conv2d on raw pointers: one sample, tiled im2col + sgemm (see `Conv2DTilePlan`).
///
/// Used by `Tensor.conv2d` and directly by callers with per-sample weights (StyleGAN2's modulated convs).
public enum Conv2DKernel {
    /// out `[O, Hout, Wout]` = conv2d(input `[C, H, W]`, weight `[O, C, kh, kw]`) + bias `[O]` (optional).
    ///
    /// im2col runs on all cores, then the sgemm is split across them (the two never overlap).
    /// `workspace` holds the column buffer (reused between calls when given). `targetColumnBytes`, `targetColumns`
    /// and `threading` are tuning knobs (see `Conv2DTilePlan`, `Conv2DThreading`); the defaults are the tuned values.
    public static func forwardSample(input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                                     geometry g: Conv2DGeometry, workspace: KernelWorkspace? = nil,
                                     targetColumnBytes: Int = Conv2DTilePlan.defaultTargetColumnBytes,
                                     targetColumns: Int = Conv2DTilePlan.defaultTargetColumns,
                                     threading: Conv2DThreading = .default) {
        // Row-split keeps one tile per slice alive, so each gets a share of the byte budget (planned with the
        // constant `Parallel.sliceCount`, so the tiles depend on the shape only).
        let splitRows = threading == .rowSplit && Parallel.sliceCount > 1
        let plan = Conv2DTilePlan(g, targetColumnBytes: splitRows ? targetColumnBytes / Parallel.sliceCount : targetColumnBytes,
                                  targetColumns: targetColumns)
        let outPlane = g.outHeight * g.outWidth
        if let bias {
            for o in 0..<g.outChannels { (output + o * outPlane).update(repeating: bias[o], count: outPlane) }
        }
        let beta: Float = bias == nil ? 0 : 1
        if plan.skipsIm2col {
            GEMM.sgemm(m: g.outChannels, n: outPlane, k: g.inChannels, a: weight, lda: g.inChannels,
                       b: input, ldb: outPlane, beta: beta, c: output, ldc: outPlane)
            return
        }
        let ws = workspace ?? KernelWorkspace()
        // Under Precision.bf16 the weights are rounded once for all tiles (BF16PackedOperands).
        BF16PackedOperands.withPacked(weight, rows: g.outChannels, cols: g.columnRows, ld: g.columnRows,
                                      count: plan.tileCount > 1 ? 1 : 0) {
            if splitRows && plan.tileCount > 1 {
                forwardRowSplit(input: input, weight: weight, beta: beta, output: output, geometry: g, plan: plan, workspace: ws)
                return
            }
            let columns = ws.buffer(count: plan.columnBufferBytes / MemoryLayout<Float>.size)
            var rowStart = 0
            while rowStart < g.outHeight {
                let rows = min(plan.rowsPerTile, g.outHeight - rowStart)
                Im2col.fill(input: input, geometry: g, rowStart: rowStart, rowCount: rows, columns: columns)
                GEMM.sgemm(m: g.outChannels, n: rows * g.outWidth, k: g.columnRows, a: weight, lda: g.columnRows,
                           b: columns, ldb: rows * g.outWidth, beta: beta,
                           c: output + rowStart * g.outWidth, ldc: outPlane)
                rowStart += rows
            }
        }
    }

    /// Each worker handles whole tiles (im2col + single-threaded sgemm) so the cores never wait on each other.
    static func forwardRowSplit(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, beta: Float,
                                output: UnsafeMutablePointer<Float>, geometry g: Conv2DGeometry,
                                plan: Conv2DTilePlan, workspace: KernelWorkspace) {
        let workers = min(Parallel.sliceCount, plan.tileCount)
        let tileFloats = plan.columnBufferBytes / MemoryLayout<Float>.size
        let columns = SendableMutablePointer(workspace.buffer(count: tileFloats * workers))
        let x = SendableConstPointer(input), w = SendableConstPointer(weight), out = SendableMutablePointer(output)
        let outPlane = g.outHeight * g.outWidth
        let savedThreads = GEMM.blasThreadCount
        GEMM.blasThreadCount = 1
        defer { GEMM.blasThreadCount = savedThreads }
        Parallel.forEach(workers, workPerItem: 1 << 30) { worker in
            let cols = columns.base + worker * tileFloats
            var tile = worker
            while tile < plan.tileCount {
                let rowStart = tile * plan.rowsPerTile, rows = min(plan.rowsPerTile, g.outHeight - rowStart)
                Im2col.fillSerial(input: x.base, geometry: g, rowStart: rowStart, rowCount: rows, columns: cols)
                GEMM.sgemm(m: g.outChannels, n: rows * g.outWidth, k: g.columnRows, a: w.base, lda: g.columnRows,
                           b: cols, ldb: rows * g.outWidth, beta: beta, c: out.base + rowStart * g.outWidth, ldc: outPlane)
                tile += workers
            }
        }
    }
}

/// How conv2d uses the cores.
public enum Conv2DThreading: Sendable {
    /// im2col of each tile on all cores, then one sgemm split across the workers (`GEMM`; OpenBLAS's own threads
    /// when `GEMM.blasThreadCount` > 1).
    case blasThreaded
    /// Tiles dealt round-robin to workers; each does its own im2col and a single-threaded sgemm.
    /// Sets OpenBLAS to one thread (process-wide) for the duration of the call. Measured no faster than
    /// `.blasThreaded` on 2 cores, so it is not the default.
    case rowSplit
    public static let `default` = Conv2DThreading.blasThreaded
}
