/// conv2d on raw pointers: one sample, tiled im2col + sgemm (see `Conv2DTilePlan`).
///
/// Used by `Tensor.conv2d` and directly by callers with per-sample weights (StyleGAN2's modulated convs).
public enum Conv2DKernel {
    /// out `[O, Hout, Wout]` = conv2d(input `[C, H, W]`, weight `[O, C, kh, kw]`) + bias `[O]` (optional).
    ///
    /// im2col runs on all cores; the sgemm is threaded by OpenBLAS itself (the two never overlap).
    /// `workspace` holds the column buffer (reused between calls when given).
    public static func forwardSample(input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                                     geometry g: Conv2DGeometry, workspace: KernelWorkspace? = nil,
                                     targetColumnBytes: Int = Conv2DTilePlan.defaultTargetColumnBytes) {
        let plan = Conv2DTilePlan(g, targetColumnBytes: targetColumnBytes)
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
