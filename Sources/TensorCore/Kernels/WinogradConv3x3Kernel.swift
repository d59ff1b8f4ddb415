import Foundation

/// conv2d with a 3×3 kernel, stride 1, zero padding 1, by Winograd F(2×2, 3×3) (`WinogradF2x3Transforms`):
/// 16 GEMMs `M[ξ] = U[ξ] · V[ξ]` (`[O, C] · [C, T]`) replace the im2col GEMM `[O, 9C] · [9C, H·W]`, 2.25× fewer
/// multiply-adds for the same result up to float rounding.
///
/// The image is walked in bands of tile rows (a tile is 2×2 outputs), so V and M stay near cache size. Per band:
/// the input transform (parallel over input channels), the 16 GEMMs dealt to the workers (each whole on its worker,
/// OpenBLAS single-threaded), and the output transform (parallel over output channels). The in-place variant holds each band's output in a tile buffer until the next band's input transform
/// has read the row it still needs, like `Conv2DInPlaceKernel`.
public enum WinogradConv3x3Kernel {
    /// Writes a finished band back (in-place variant). `tile`: `[O, rows, W]` (contiguous); `channels`: the output
    /// channels this call must write; `rowStart`: the band's first image row; `data`: the whole `[C, H, W]` image.
    public typealias Epilogue = @Sendable (_ tile: UnsafePointer<Float>, _ channels: Range<Int>, _ rowStart: Int,
                                          _ rows: Int, _ data: UnsafeMutablePointer<Float>) -> Void

    /// Default tiles per band (tuned with `scripts/bench kernels`).
    public static let defaultTargetTiles = 2048
    /// Default cap on one band's V + M (tuned with `scripts/bench kernels`).
    public static let defaultTargetBandBytes = 8 << 20

    /// False when `RESTYLE_WINOGRAD=0` is in the environment: every conv then runs as im2col + sgemm, for comparing
    /// speed and rounding against the direct path.
    public static let isEnabled = ProcessInfo.processInfo.environment["RESTYLE_WINOGRAD"] != "0"

    /// True where Winograd is faster than tiled im2col here (measured with `scripts/bench kernels`): enough channels
    /// for the transforms to be a small part of the work and at least 64 tiles for the GEMMs (512 channels at
    /// 8×8: 0.79× im2col; at 16×16: 1.24×; at 32×32: 1.7×).
    public static func isProfitable(inChannels c: Int, outChannels o: Int, height h: Int, width w: Int) -> Bool {
        isEnabled && c >= 16 && o >= 16 && h >= 8 && w >= 8 && h * w >= 256
    }

    /// Tile rows per band for a `[C, H, W] → [O, H, W]` conv.
    static func tileRowsPerBand(inChannels c: Int, outChannels o: Int, height h: Int, width w: Int,
                                targetTiles: Int, targetBandBytes: Int) -> Int {
        let tw = (w + 1) / 2, th = (h + 1) / 2
        let bytesPerTileRow = 16 * (c + o) * tw * MemoryLayout<Float>.size
        let rows = min(max(1, targetTiles / tw), max(1, targetBandBytes / bytesPerTileRow))
        return max(1, min(th, rows))
    }

    /// output `[O, H, W]` = conv3x3(input `[C, H, W]`, weight `[O, C, 3, 3]`, pad 1) + bias `[O]` (optional).
    public static func forwardSample(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                     output: UnsafeMutablePointer<Float>, inChannels c: Int, outChannels o: Int,
                                     height h: Int, width w: Int, workspace: KernelWorkspace,
                                     targetTiles: Int = defaultTargetTiles, targetBandBytes: Int = defaultTargetBandBytes) {
        let x = SendableConstPointer(input), out = SendableMutablePointer(output)
        let b = bias.map(SendableConstPointer.init)
        run(inChannels: c, outChannels: o, height: h, width: w, weight: weight, workspace: workspace,
            targetTiles: targetTiles, targetBandBytes: targetBandBytes, tileFloats: 0,
            row: { ch, y in y >= 0 && y < h ? x.base + (ch * h + y) * w : nil },
            transformOutput: { m, channels, bandTileRows, rowStart, rows, _, scratch in
                WinogradF2x3Transforms.transformOutput(m, outChannelCount: o, channels: channels, bandTileRows: bandTileRows,
                                                       rows: rows, width: w, bias: b?.base,
                                                       into: out.base + rowStart * w, planeStride: h * w, scratch: scratch)
            },
            writeBack: nil)
    }

    /// data `[C, H, W]` ← epilogue(conv3x3(data, weight `[C, C, 3, 3]`, pad 1)), never holding a second full image.
    public static func forwardInPlace(data: UnsafeMutablePointer<Float>, channels c: Int, height h: Int, width w: Int,
                                      weight: UnsafePointer<Float>, workspace: KernelWorkspace,
                                      targetTiles: Int = defaultTargetTiles, targetBandBytes: Int = defaultTargetBandBytes,
                                      epilogue: @escaping Epilogue) {
        let img = SendableMutablePointer(data)
        let tileRows = tileRowsPerBand(inChannels: c, outChannels: c, height: h, width: w,
                                       targetTiles: targetTiles, targetBandBytes: targetBandBytes)
        run(inChannels: c, outChannels: c, height: h, width: w, weight: weight, workspace: workspace,
            targetTiles: targetTiles, targetBandBytes: targetBandBytes, tileFloats: c * 2 * tileRows * w,
            row: { ch, y in y >= 0 && y < h ? UnsafePointer(img.base + (ch * h + y) * w) : nil },
            transformOutput: { m, channels, bandTileRows, _, rows, tile, scratch in
                WinogradF2x3Transforms.transformOutput(m, outChannelCount: c, channels: channels, bandTileRows: bandTileRows,
                                                       rows: rows, width: w, bias: nil, into: tile!, planeStride: rows * w,
                                                       scratch: scratch)
            },
            writeBack: { tile, channels, rowStart, rows in epilogue(tile, channels, rowStart, rows, img.base) })
    }

    /// The band loop shared by both variants. `transformOutput(m, channels, bandTileRows, rowStart, rows, tile, scratch)` writes
    /// a band's output; with `writeBack` the output goes to the tile buffer and is written back one band later.
    private static func run(inChannels c: Int, outChannels o: Int, height h: Int, width w: Int,
                            weight: UnsafePointer<Float>, workspace: KernelWorkspace,
                            targetTiles: Int, targetBandBytes: Int, tileFloats: Int,
                            row: @escaping @Sendable (Int, Int) -> UnsafePointer<Float>?,
                            transformOutput: @escaping @Sendable (UnsafePointer<Float>, Range<Int>, Int, Int, Int,
                                                                  UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>) -> Void,
                            writeBack: (@Sendable (UnsafePointer<Float>, Range<Int>, Int, Int) -> Void)?) {
        precondition(c >= 1 && o >= 1 && h >= 1 && w >= 1, "Winograd conv sizes")
        let tw = (w + 1) / 2, th = (h + 1) / 2
        let bandRows = tileRowsPerBand(inChannels: c, outChannels: o, height: h, width: w,
                                       targetTiles: targetTiles, targetBandBytes: targetBandBytes)
        let maxTiles = bandRows * tw
        let uFloats = 16 * o * c, vFloats = 16 * c * maxTiles, mFloats = 16 * o * maxTiles
        let base = workspace.buffer(count: uFloats + vFloats + mFloats + tileFloats + w)
        let u = SendableMutablePointer(base), v = SendableMutablePointer(base + uFloats)
        let m = SendableMutablePointer(base + uFloats + vFloats)
        let tile = SendableMutablePointer(base + uFloats + vFloats + mFloats)
        let zero = SendableMutablePointer(base + uFloats + vFloats + mFloats + tileFloats)
        zero.base.update(repeating: 0, count: w)
        WinogradF2x3Transforms.transformWeight(weight, outChannels: o, inChannels: c, into: u.base)

        // A no-op unless threading was handed to OpenBLAS (`GEMM.blasThreadCount` > 1): its threads must not run
        // inside these workers.
        let savedThreads = GEMM.blasThreadCount
        if Parallel.workerCount > 1 { GEMM.blasThreadCount = 1 }
        defer { if Parallel.workerCount > 1 { GEMM.blasThreadCount = savedThreads } }
        let inScratch = WinogradF2x3Transforms.scratchCount(width: w)
        // The 16 transformed weight matrices rounded to bf16 once for all bands (under Precision.bf16).
        BF16PackedOperands.withPacked(u.base, rows: o, cols: c, ld: c, count: 16, stride: o * c) {
            var pending: (rowStart: Int, rows: Int)? = nil
            var ty0 = 0
            while ty0 < th {
                let first = ty0, ty1 = min(th, ty0 + bandRows), n = (ty1 - ty0) * tw
                let rowStart = 2 * ty0, rows = min(h, 2 * ty1) - rowStart
                Parallel.forEachRange(c, workPerItem: 40 * n) { channels in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: inScratch)
                    defer { scratch.deallocate() }
                    WinogradF2x3Transforms.transformInput(row: row, width: w, channels: channels, channelCount: c,
                                                          tileRows: first..<ty1, into: v.base, zeroRow: zero.base, scratch: scratch)
                }
                if let writeBack, let p = pending {
                    Parallel.forEachRange(o, workPerItem: 4 * p.rows * w) { channels in
                        writeBack(UnsafePointer(tile.base), channels, p.rowStart, p.rows)
                    }
                }
                Parallel.forEach(16, workPerItem: 2 * o * c * n) { xi in
                    GEMM.sgemm(m: o, n: n, k: c, a: u.base + xi * o * c, lda: c, b: v.base + xi * c * n, ldb: n,
                               c: m.base + xi * o * n, ldc: n)
                }
                Parallel.forEachRange(o, workPerItem: 40 * n) { channels in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4 * tw)
                    defer { scratch.deallocate() }
                    transformOutput(m.base, channels, ty1 - first, rowStart, rows, writeBack == nil ? nil : tile.base, scratch)
                }
                pending = (rowStart, rows)
                ty0 = ty1
            }
            if let writeBack, let p = pending {
                Parallel.forEachRange(o, workPerItem: 4 * p.rows * w) { channels in
                    writeBack(UnsafePointer(tile.base), channels, p.rowStart, p.rows)
                }
            }
        }
    }
}
