import TensorCore

extension StyledConv {
    /// Smallest input plane (H·W) for which the upsampling StyledConv streams over row bands
    /// (`UpsampleConvBandKernel`, activation fused); below it the BLAS-threaded whole-plane path is used.
    static let bandedUpsampleMinimumPlane = 128 * 128

    /// `dst[j] = √2 · LReLU_0.2(src[j] + nw·noise[j] + bias)` for `j < n` (`src` and `dst` may alias).
    @inline(__always)
    static func activate(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count n: Int,
                         noise: UnsafePointer<Float>?, noiseWeight nw: Float, bias: Float) {
        let gain = StyledConv.gain, slope = StyledConv.slope
        if let noise {
            for j in 0..<n {
                let v = (src[j] + nw * noise[j]) + bias
                dst[j] = (v > 0 ? v : slope * v) * gain
            }
        } else {
            for j in 0..<n {
                let v = src[j] + bias
                dst[j] = (v > 0 ? v : slope * v) * gain
            }
        }
    }

    /// The upsampling StyledConv streamed over row bands. x: `[B, C, H, W]`, s: `[B, C]`,
    /// noise `[1 or B, 1, 2H, 2W]` (checked by the caller) → `[B, O, 2H, 2W]`.
    func forwardBandedUpsample(_ x: Tensor, styles s: Tensor, noise: Tensor?, scratch: SynthesisScratch) -> Tensor {
        let b = x.shape[0], h = x.shape[2], w = x.shape[3], c = inChannels, o = outChannels
        let ow = 2 * w, plane = 4 * h * w
        var out = Tensor(zeros: [b, o, 2 * h, ow])                              // [B, O, 2H, 2W]
        let perSampleNoise = (noise?.shape[0] ?? 1) > 1
        let noiseStorage = noise ?? Tensor(zeros: [1])
        let hasNoise = noise != nil, nw = noiseWeight
        let modulated = scratch.weights.buffer(count: o * c * 9)                 // [O, C, 3, 3]
        out.withUnsafeMutableBufferPointer { op in
            x.withUnsafeBufferPointer { xp in
                s.withUnsafeBufferPointer { sp in
                    noiseStorage.withUnsafeBufferPointer { np in
                        activationBias.withUnsafeBufferPointer { bp in
                            let bias = SendableConstPointer(bp.baseAddress!)
                            for i in 0..<b {
                                conv.writeModulatedWeight(style: sp.baseAddress! + i * c, into: modulated)
                                let dst = SendableMutablePointer(op.baseAddress! + i * o * plane)
                                let nz = SendableConstPointer(np.baseAddress! + (perSampleNoise ? i * plane : 0))
                                UpsampleConvBandKernel.forwardSample(
                                    input: xp.baseAddress! + i * c * h * w, weight: modulated, output: dst.base,
                                    inChannels: c, outChannels: o, height: h, width: w,
                                    workspace: scratch.kernels) { rowStart, rows in
                                        let n = rows * ow
                                        for oc in 0..<o {
                                            let p = dst.base + oc * plane + rowStart * ow
                                            StyledConv.activate(p, into: p, count: n,
                                                                noise: hasNoise ? nz.base + rowStart * ow : nil,
                                                                noiseWeight: nw, bias: bias.base[oc])
                                        }
                                    }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
