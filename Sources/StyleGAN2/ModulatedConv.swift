import TensorCore

/// ModulatedConv2d (architecture §A.5): a per-sample conv whose weight is modulated by the style,
/// optionally demodulated, optionally upsampling 2× (stride-2 transposed conv + K4 blur pad (1,1)).
///
/// Per sample with style `w [D]`:
///     s[c]        = Σ_j Wmod[c,j]·w[j] / √D + bmod[c]
///     W'[o,c,a,b] = weight[o,c,a,b] · (scale · s[c]),  scale = 1/√(C·k·k)
///     demodulate: W'[o,·] ·= 1/√(Σ_{c,a,b} W'[o,c,a,b]² + 1e-8)
/// then one GEMM per sample (conv2d pad k/2, or transposed conv + blur).
///
/// `weight` is used as stored (borrowed from the memory map); `1/√D` is folded into the modulation weight
/// at load and `scale` into the per-sample factor `scale · s[c]`.
public struct ModulatedConv: @unchecked Sendable {
    public let inChannels: Int
    public let outChannels: Int
    /// 3 for StyledConvs, 1 for ToRGB.
    public let kernelSize: Int
    public let demodulates: Bool
    public let upsamples: Bool
    /// Style dimension `D`.
    public let styleDim: Int
    /// `[O, C, k, k]`, as stored (not scaled).
    let weight: Tensor
    /// `1/√(C·k·k)`.
    let weightScale: Float
    /// `[C, D]`, already × `1/√D`.
    let modulationWeight: Tensor
    /// The style-modulation matrix as applied, `[C, D]` = stored `modulation.weight` × `1/√D` (read-only; SeFa).
    public var scaledModulationWeight: Tensor { modulationWeight }
    /// `[C]`.
    let modulationBias: Tensor

    static let demodulationEpsilon: Float = 1e-8

    /// storedWeight: `[O, C, k, k]` (the checkpoint's `[1, O, C, k, k]` without the leading 1);
    /// storedModulationWeight: `[C, D]`; modulationBias: `[C]`.
    init(storedWeight: Tensor, storedModulationWeight: Tensor, modulationBias: Tensor,
         demodulates: Bool, upsamples: Bool) {
        precondition(storedWeight.rank == 4 && storedWeight.shape[2] == storedWeight.shape[3], "modulated conv weight \(storedWeight.shape)")
        let o = storedWeight.shape[0], c = storedWeight.shape[1], k = storedWeight.shape[2]
        let d = storedModulationWeight.shape[1]
        precondition(storedModulationWeight.shape == [c, d] && modulationBias.shape == [c], "modulation shapes")
        precondition(!upsamples || k == 3, "upsampling modulated conv needs k = 3")
        self.inChannels = c; self.outChannels = o; self.kernelSize = k; self.styleDim = d
        self.demodulates = demodulates; self.upsamples = upsamples
        self.weight = storedWeight
        self.weightScale = Float(1 / Double(c * k * k).squareRoot())
        self.modulationWeight = storedModulationWeight.scaled(by: Float(1 / Double(d).squareRoot()))
        self.modulationBias = modulationBias
    }

    /// Output side for an input side `h`: `2h` when upsampling, else `h`.
    public func outputSize(_ h: Int) -> Int { upsamples ? 2 * h : h }

    /// The modulation s = modulation(w). w: `[B, D]` → s: `[B, C]`.
    public func styles(_ w: Tensor) throws -> Tensor {
        try ShapeCheck.requireBatch(w, [styleDim], "style w", layout: "[B, \(styleDim)]")
        return try w.linear(weight: modulationWeight, bias: modulationBias)   // [B, C]
    }

    /// The per-sample weight W' for one style s: `[C]` → `[O, C, k, k]` (scaled, modulated, demodulated if set).
    public func modulatedWeight(style s: Tensor) throws -> Tensor {
        try ShapeCheck.require(s, [inChannels], "style s")
        var out = Tensor(zeros: [outChannels, inChannels, kernelSize, kernelSize])   // [O, C, k, k]
        out.withUnsafeMutableBufferPointer { o in
            s.withUnsafeBufferPointer { sp in writeModulatedWeight(style: sp.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// Writes W' `[O, C, k, k]` for style `s [C]` into `out` (parallel over output channels).
    func writeModulatedWeight(style s: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let c = inChannels, kk = kernelSize * kernelSize, row = c * kk
        let factors = UnsafeMutablePointer<Float>.allocate(capacity: c)   // scale · s[c]
        defer { factors.deallocate() }
        for i in 0..<c { factors[i] = weightScale * s[i] }
        let f = SendableConstPointer(factors), dst = SendableMutablePointer(out), demod = demodulates
        weight.withUnsafeBufferPointer { wp in
            let src = SendableConstPointer(wp.baseAddress!)
            Parallel.forEach(outChannels, workPerItem: 2 * row) { o in
                let w = src.base + o * row, d = dst.base + o * row
                var sumSquares: Float = 0
                for ci in 0..<c {
                    let factor = f.base[ci]
                    for t in 0..<kk {
                        let v = w[ci * kk + t] * factor
                        d[ci * kk + t] = v
                        sumSquares += v * v
                    }
                }
                if demod {
                    let r = 1 / (sumSquares + ModulatedConv.demodulationEpsilon).squareRoot()
                    for i in 0..<row { d[i] *= r }
                }
            }
        }
    }

    /// The modulated conv for a batch. x: `[B, C, H, W]`, s: `[B, C]` → `[B, O, H', W']` (H' = 2H when upsampling).
    public func callAsFunction(_ x: Tensor, styles s: Tensor) throws -> Tensor {
        let (b, h, w) = try ShapeCheck.requireImage(x, channels: inChannels, "modulated conv input")
        try ShapeCheck.require(s, [b, inChannels], "modulated conv styles")
        var out = Tensor(zeros: [b, outChannels, outputSize(h), outputSize(w)])   // [B, O, H', W']
        let scratch = SynthesisScratch()
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { xp in
                s.withUnsafeBufferPointer { sp in
                    for i in 0..<b {
                        forwardSample(input: xp.baseAddress! + i * inChannels * h * w, height: h, width: w,
                                      style: sp.baseAddress! + i * inChannels,
                                      output: o.baseAddress! + i * outChannels * outputSize(h) * outputSize(w),
                                      accumulate: false, scratch: scratch)
                    }
                }
            }
        }
        return out
    }

    /// One sample: input `[C, H, W]`, style s `[C]` → output `[O, H', W']`.
    /// `accumulate` adds to `output` instead of overwriting (not for upsampling convs).
    func forwardSample(input: UnsafePointer<Float>, height h: Int, width w: Int, style: UnsafePointer<Float>,
                       output: UnsafeMutablePointer<Float>, accumulate: Bool, scratch: SynthesisScratch) {
        let k = kernelSize
        let modulated = scratch.weights.buffer(count: outChannels * inChannels * k * k)   // [O, C, k, k]
        writeModulatedWeight(style: style, into: modulated)
        if upsamples {
            precondition(!accumulate, "accumulate is not supported by the upsampling conv")
            upsampleSample(input: input, height: h, width: w, weight: modulated, output: output, scratch: scratch)
        } else if k == 1 {
            // 1×1: one GEMM [O, C] · [C, H·W].
            GEMM.sgemm(m: outChannels, n: h * w, k: inChannels, a: modulated, lda: inChannels,
                       b: input, ldb: h * w, beta: accumulate ? 1 : 0, c: output, ldc: h * w)
        } else {
            precondition(!accumulate, "accumulate is only supported by 1×1 convs")
            if WinogradConv3x3Kernel.isProfitable(inChannels: inChannels, outChannels: outChannels, height: h, width: w) {
                WinogradConv3x3Kernel.forwardSample(input: input, weight: modulated, bias: nil, output: output,
                                                    inChannels: inChannels, outChannels: outChannels, height: h, width: w,
                                                    workspace: scratch.kernels)
                return
            }
            // Geometry is valid by construction (k = 3, pad 1, H, W ≥ 4).
            let g = try! Conv2DGeometry(inChannels: inChannels, height: h, width: w, outChannels: outChannels,
                                        kernelHeight: k, kernelWidth: k, stride: 1, padding: k / 2)
            Conv2DKernel.forwardSample(input: input, weight: modulated, bias: nil, output: output,
                                       geometry: g, workspace: scratch.kernels)
        }
    }

    /// Stride-2 transposed conv (no flip) → `t [O, 2H+1, 2W+1]`, then upfirdn2d(K4, pad (1,1)) → `[O, 2H, 2W]`.
    /// Output channels run in groups so `t` stays below `SynthesisScratch.transposedTargetBytes`.
    private func upsampleSample(input: UnsafePointer<Float>, height h: Int, width w: Int,
                                weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                scratch: SynthesisScratch) {
        let th = 2 * h + 1, tw = 2 * w + 1, tPlane = th * tw, outPlane = 4 * h * w
        let group = max(1, min(outChannels, SynthesisScratch.transposedTargetBytes / (tPlane * 4)))
        let t = scratch.transposed.buffer(count: group * tPlane)                 // [O_g, 2H+1, 2W+1]
        var o0 = 0
        while o0 < outChannels {
            let og = min(group, outChannels - o0)
            let g = try! ConvTranspose2DGeometry(inChannels: inChannels, height: h, width: w, outChannels: og, kernelSize: 3)
            ConvTranspose2DKernel.forwardSample(input: input, weight: weight + o0 * inChannels * 9, output: t,
                                                geometry: g, workspace: scratch.kernels)
            let src = SendableConstPointer(t), dst = SendableMutablePointer(output + o0 * outPlane)
            Parallel.forEachRange(og, workPerItem: 8 * outPlane) { planes in
                let tmp = UnsafeMutablePointer<Float>.allocate(capacity: th * (tw - 1))
                defer { tmp.deallocate() }
                for p in planes {
                    K4FastPaths.blurPad1Plane(src.base + p * tPlane, height: th, width: tw,
                                              into: dst.base + p * outPlane, scratch: tmp)
                }
            }
            o0 += og
        }
    }
}
