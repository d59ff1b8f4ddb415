import TensorCore

extension StyledConv {
    /// Smallest plane (H·W) for which `synthesize` runs a same-size StyledConv in place (below it the
    /// activations are small and the BLAS-threaded path is as fast).
    static let inPlaceMinimumPlane = 64 * 64

    /// True for the StyledConvs that can overwrite their input: 3×3, no upsampling, C == O.
    var runsInPlace: Bool { !upsamples && conv.kernelSize == 3 && inChannels == outChannels }

    /// x `[B, C, H, W]` ← StyledConv(x) (requires `runsInPlace`), rolling over bands of rows so that no second
    /// full-size activation exists; noise, bias, LReLU and gain are applied as each tile is written back.
    /// s: `[B, C]`, noise: `[1 or B, 1, H, W]` or nil.
    func forwardInPlace(_ x: inout Tensor, styles s: Tensor, noise: Tensor?, scratch: SynthesisScratch) throws {
        precondition(runsInPlace, "StyledConv cannot run in place")
        let (b, h, w) = try ShapeCheck.requireImage(x, channels: inChannels, "StyledConv input")
        try ShapeCheck.require(s, [b, inChannels], "StyledConv styles")
        if let noise, !(noise.rank == 4 && (noise.shape[0] == 1 || noise.shape[0] == b) && Array(noise.shape.dropFirst()) == [1, h, w]) {
            throw GeneratorError.invalidInput(argument: "noise", expected: "[1 or \(b), 1, \(h), \(w)]", actual: noise.shape)
        }
        let c = inChannels, plane = h * w
        let nw = noiseWeight
        let perSampleNoise = (noise?.shape[0] ?? 1) > 1
        let noiseStorage = noise ?? Tensor(zeros: [1])
        let hasNoise = noise != nil
        let modulated = scratch.weights.buffer(count: c * c * 9)                  // [C, C, 3, 3]
        try x.withUnsafeMutableBufferPointer { xp in
            try s.withUnsafeBufferPointer { sp in
                try noiseStorage.withUnsafeBufferPointer { np in
                    try activationBias.withUnsafeBufferPointer { bp in
                        let bias = SendableConstPointer(bp.baseAddress!)
                        for i in 0..<b {
                            conv.writeModulatedWeight(style: sp.baseAddress! + i * c, into: modulated)
                            let nz = SendableConstPointer(np.baseAddress! + (perSampleNoise ? i * plane : 0))
                            if WinogradConv3x3Kernel.isProfitable(inChannels: c, outChannels: c, height: h, width: w) {
                                WinogradConv3x3Kernel.forwardInPlace(
                                    data: xp.baseAddress! + i * c * plane, channels: c, height: h, width: w,
                                    weight: modulated, workspace: scratch.kernels) { tile, channels, rowStart, rows, data in
                                        let n = rows * w
                                        for o in channels {
                                            StyledConv.activate(tile + o * n, into: data + o * plane + rowStart * w, count: n,
                                                                noise: hasNoise ? nz.base + rowStart * w : nil,
                                                                noiseWeight: nw, bias: bias.base[o])
                                        }
                                    }
                                continue
                            }
                            Conv2DInPlaceKernel.forwardSample(
                                data: xp.baseAddress! + i * c * plane, channels: c, height: h, width: w,
                                weight: modulated, workspace: scratch.kernels) { tile, rowStart, rows, data in
                                    let n = rows * w
                                    for o in 0..<c {
                                        StyledConv.activate(tile + o * n, into: data + o * plane + rowStart * w, count: n,
                                                            noise: hasNoise ? nz.base + rowStart * w : nil,
                                                            noiseWeight: nw, bias: bias.base[o])
                                    }
                                }
                        }
                    }
                }
            }
        }
    }
}
