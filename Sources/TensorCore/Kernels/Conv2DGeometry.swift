/// Shape of one conv2d (PyTorch cross-correlation, symmetric zero padding), per sample.
///
/// input `[C, H, W]`, weight `[O, C, kh, kw]`, output `[O, Hout, Wout]` with
/// `Hout = (H + 2p − kh) / s + 1` (floor), `Wout` likewise.
public struct Conv2DGeometry: Equatable, Sendable {
    public let inChannels: Int
    public let height: Int
    public let width: Int
    public let outChannels: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let stride: Int
    public let padding: Int

    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: `C · kh · kw` (the GEMM's K).
    public var columnRows: Int { inChannels * kernelHeight * kernelWidth }
    /// Multiply-adds × 2 for one sample.
    public var flops: Double { 2 * Double(outChannels) * Double(columnRows) * Double(outHeight * outWidth) }
    /// True for a 1×1, stride-1, unpadded conv, which is one GEMM on the input itself (no im2col).
    public var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Validates sizes; throws `invalidParameter` naming the bad value.
    public init(inChannels: Int, height: Int, width: Int, outChannels: Int,
                kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) throws {
        let op = "conv2d"
        guard inChannels >= 1, outChannels >= 1, height >= 1, width >= 1 else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "sizes",
                reason: "channels and spatial sizes must be ≥ 1 (C=\(inChannels) O=\(outChannels) H=\(height) W=\(width))")
        }
        guard kernelHeight >= 1, kernelWidth >= 1 else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "kernel", reason: "\(kernelHeight)×\(kernelWidth)")
        }
        guard stride >= 1 else { throw TensorCoreError.invalidParameter(operation: op, parameter: "stride", reason: "\(stride) < 1") }
        guard padding >= 0 else { throw TensorCoreError.invalidParameter(operation: op, parameter: "padding", reason: "\(padding) < 0") }
        guard height + 2 * padding >= kernelHeight, width + 2 * padding >= kernelWidth else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "kernel",
                reason: "\(kernelHeight)×\(kernelWidth) larger than padded input \(height + 2 * padding)×\(width + 2 * padding)")
        }
        self.inChannels = inChannels; self.height = height; self.width = width; self.outChannels = outChannels
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth; self.stride = stride; self.padding = padding
    }
}

/// How conv2d tiles its im2col column buffer over output rows.
///
/// The column matrix of a tile is `[C·kh·kw, rowsPerTile · Wout]`. A tile aims at `targetColumns` GEMM columns
/// (enough for sgemm to run near full speed while the tile stays cache-resident), holds at most
/// `targetColumnBytes`, and never more than `maximumColumnBytes` unless a single output row alone is larger
/// (then one row per tile).
public struct Conv2DTilePlan: Equatable, Sendable {
    /// Hard cap on the column buffer: 64 MB.
    public static let maximumColumnBytes = 64 << 20
    /// Default byte budget of one tile (tuned with `scripts/bench kernels`).
    public static let defaultTargetColumnBytes = 16 << 20
    /// Default GEMM columns (output pixels) per tile (tuned with `scripts/bench kernels`).
    public static let defaultTargetColumns = 1024

    /// Output rows per tile.
    public let rowsPerTile: Int
    /// Number of tiles covering `outHeight`.
    public let tileCount: Int
    /// Bytes of the column buffer this plan allocates (0 when im2col is skipped).
    public let columnBufferBytes: Int
    /// True when the conv is pointwise and runs as a GEMM on the input directly.
    public let skipsIm2col: Bool

    public init(_ g: Conv2DGeometry, targetColumnBytes: Int = Conv2DTilePlan.defaultTargetColumnBytes,
                targetColumns: Int = Conv2DTilePlan.defaultTargetColumns) {
        if g.isPointwise {
            rowsPerTile = g.outHeight; tileCount = 1; columnBufferBytes = 0; skipsIm2col = true
            return
        }
        let bytesPerRow = g.columnRows * g.outWidth * MemoryLayout<Float>.size
        let byteBudget = min(max(targetColumnBytes, 1), Conv2DTilePlan.maximumColumnBytes)
        let columns = max(targetColumns, 1)
        let rowsForColumns = columns / g.outWidth + (columns % g.outWidth == 0 ? 0 : 1)
        let rows = max(1, min(g.outHeight, rowsForColumns, byteBudget / bytesPerRow))
        rowsPerTile = rows
        tileCount = (g.outHeight + rows - 1) / rows
        columnBufferBytes = rows * bytesPerRow
        skipsIm2col = false
    }
}
