/// Shape of a stride-2, padding-0 transposed conv (architecture §0.2), per sample.
///
/// input `[C, H, W]`, weight in **forward layout** `W'[O, C, k, k]` (no flip), output `[O, 2(H−1)+k, 2(W−1)+k]`.
public struct ConvTranspose2DGeometry: Equatable, Sendable {
    public let inChannels: Int
    public let height: Int
    public let width: Int
    public let outChannels: Int
    public let kernelSize: Int
    public static let stride = 2

    public var outHeight: Int { (height - 1) * 2 + kernelSize }
    public var outWidth: Int { (width - 1) * 2 + kernelSize }
    public var flops: Double { 2 * Double(outChannels * kernelSize * kernelSize) * Double(inChannels) * Double(height * width) }

    public init(inChannels: Int, height: Int, width: Int, outChannels: Int, kernelSize: Int) throws {
        guard inChannels >= 1, outChannels >= 1, height >= 1, width >= 1, kernelSize >= 1 else {
            throw TensorCoreError.invalidParameter(operation: "convTranspose2dStride2", parameter: "sizes",
                reason: "all of C=\(inChannels) O=\(outChannels) H=\(height) W=\(width) k=\(kernelSize) must be ≥ 1")
        }
        self.inChannels = inChannels; self.height = height; self.width = width
        self.outChannels = outChannels; self.kernelSize = kernelSize
    }

    /// Input rows per GEMM tile so that the column buffer `[O·k·k, rows·W]` stays within `targetColumnBytes`.
    public func rowsPerTile(targetColumnBytes: Int = Conv2DTilePlan.defaultTargetColumnBytes) -> Int {
        let bytesPerRow = outChannels * kernelSize * kernelSize * width * MemoryLayout<Float>.size
        let target = min(max(targetColumnBytes, 1), Conv2DTilePlan.maximumColumnBytes)
        return max(1, min(height, target / bytesPerRow))
    }
}

/// Transposed conv, stride 2, padding 0, on raw pointers: GEMM + col2im (architecture §0.2).
public enum ConvTranspose2DKernel {
    /// out `[O, 2H−2+k, 2W−2+k]` with `out[o, 2y+a, 2x+b] = Σ_c W'[o,c,a,b] · x[c,y,x]`.
    ///
    /// input `[C, H, W]`, weight `W'[O, C, k, k]` (forward layout, as the modulated conv produces it), or
    /// `[O, k, k, C]` with `weightLayout: .tapMajor`.
    /// `output` is overwritten. Tiles over input rows; col2im is parallel over output channels.
    public static func forwardSample(input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                     output: UnsafeMutablePointer<Float>, geometry g: ConvTranspose2DGeometry,
                                     weightLayout: ConvTransposeWeightLayout = .forward,
                                     workspace: KernelWorkspace? = nil,
                                     targetColumnBytes: Int = Conv2DTilePlan.defaultTargetColumnBytes) {
        let k = g.kernelSize, kk = k * k, c = g.inChannels
        let m = g.outChannels * kk
        let rowsPerTile = g.rowsPerTile(targetColumnBytes: targetColumnBytes)
        let ws = workspace ?? KernelWorkspace()
        // One buffer: the column tile [(o,a,b), rows·W], then (forward layout only) the weight as [(o,a,b), c].
        let rearrange = weightLayout == .forward
        let scratch = ws.buffer(count: m * rowsPerTile * g.width + (rearrange ? m * c : 0))
        let columns = scratch
        let wT = rearrange ? UnsafePointer(scratch + m * rowsPerTile * g.width) : weight
        if rearrange { rearrangeToTapMajor(weight, into: scratch + m * rowsPerTile * g.width, geometry: g) }
        let outPlane = g.outHeight * g.outWidth
        output.update(repeating: 0, count: g.outChannels * outPlane)
        let colsPtr = SendableConstPointer(columns), outPtr = SendableMutablePointer(output)
        var y0 = 0
        while y0 < g.height {
            let rows = min(rowsPerTile, g.height - y0)
            let n = rows * g.width, tileStart = y0
            GEMM.sgemm(m: m, n: n, k: c, a: wT, lda: c, b: input + y0 * g.width, ldb: g.height * g.width,
                       c: columns, ldc: n)
            Parallel.forEach(g.outChannels, workPerItem: kk * n) { o in
                // Row-major over the output so the 3 (k) touched output rows stay in L1.
                let plane = outPtr.base + o * outPlane
                let cols = colsPtr.base + o * kk * n
                for r in 0..<rows {
                    for a in 0..<k {
                        let dstRow = plane + (2 * (tileStart + r) + a) * g.outWidth
                        for b in 0..<k {
                            let src = cols + (a * k + b) * n + r * g.width
                            let dst = dstRow + b
                            for x in 0..<g.width { dst[2 * x] += src[x] }
                        }
                    }
                }
            }
            y0 += rows
        }
    }

    /// W'[o, c, t] (forward layout) → [(o, t), c] (tap-major). Contiguous writes, short-stride reads, parallel over o.
    static func rearrangeToTapMajor(_ weight: UnsafePointer<Float>, into wT: UnsafeMutablePointer<Float>,
                                    geometry g: ConvTranspose2DGeometry) {
        let kk = g.kernelSize * g.kernelSize, c = g.inChannels
        let wSrc = SendableConstPointer(weight), wDst = SendableMutablePointer(wT)
        Parallel.forEach(g.outChannels, workPerItem: kk * c) { o in
            let src = wSrc.base + o * c * kk
            for t in 0..<kk {
                let dst = wDst.base + (o * kk + t) * c
                for ci in 0..<c { dst[ci] = src[ci * kk + t] }
            }
        }
    }
}

/// Memory layout of the transposed-conv weight.
public enum ConvTransposeWeightLayout: Sendable {
    /// `W'[O, C, k, k]`, the modulated forward-conv layout (architecture §0.2). Rearranged on every call.
    case forward
    /// `[O, k, k, C]`: row `(o, a, b)` holds the C input-channel weights of tap (a, b). This is the GEMM's
    /// left operand as is, so no rearrangement is needed (cheaper at small resolutions).
    case tapMajor
}

extension Tensor {
    /// `F.conv_transpose2d(x, W'.transpose(0,1), stride=2, padding=0)` with the weight given in forward
    /// layout (architecture §0.2; no flip). self: `[N, C, H, W]`, weight: `[O, C, k, k]` → `[N, O, 2H−2+k, 2W−2+k]`.
    public func convTranspose2dStride2(weight: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        let op = "convTranspose2dStride2"
        try TensorCoreError.requireRank(self, 4, op, "input", "[N, C, H, W]")
        guard weight.rank == 4, weight.shape[1] == shape[1], weight.shape[2] == weight.shape[3] else {
            throw TensorCoreError.shapeMismatch(operation: op, argument: "weight",
                                                expected: "[O, \(shape[1]), k, k]", actual: weight.shape)
        }
        let g = try ConvTranspose2DGeometry(inChannels: shape[1], height: shape[2], width: shape[3],
                                            outChannels: weight.shape[0], kernelSize: weight.shape[2])
        let n = shape[0]
        var out = Tensor(zeros: [n, g.outChannels, g.outHeight, g.outWidth])
        let inSize = g.inChannels * g.height * g.width, outSize = g.outChannels * g.outHeight * g.outWidth
        let ws = workspace ?? KernelWorkspace()
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    for i in 0..<n {
                        ConvTranspose2DKernel.forwardSample(input: x.baseAddress! + i * inSize, weight: w.baseAddress!,
                                                            output: o.baseAddress! + i * outSize, geometry: g, workspace: ws)
                    }
                }
            }
        }
        return out
    }
}
