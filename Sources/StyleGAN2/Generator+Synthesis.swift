import TensorCore

extension Generator {
    /// The image for W+ codes (architecture §A.8/§A.9 with `input_is_latent=True`).
    /// wPlus: `[B, nLatent, D]` → image `[B, 3, S, S]`, raw float (no clamp, no tanh).
    /// `parallelism` picks how a batch uses the cores (the result is the same either way).
    public func synthesize(wPlus: Tensor, noise: NoiseMode = .stored,
                           parallelism: BatchParallelism = .automatic) throws -> Tensor {
        let b = try ShapeCheck.requireBatch(wPlus, [nLatent, styleDim], "W+ codes", layout: "[B, \(nLatent), \(styleDim)]")
        if parallelism.splitsSamples(batch: b) {
            return try synthesizeSamplesInParallel(wPlus: wPlus, noise: noise)
        }
        return try synthesizeSlice(wPlus: wPlus, noise: noise, firstSample: 0)
    }

    /// One thread of control over the batch (kernels and BLAS use all cores inside each conv).
    /// `firstSample` is the batch index of row 0 (seeded noise depends on it).
    func synthesizeSlice(wPlus: Tensor, noise: NoiseMode, firstSample: Int) throws -> Tensor {
        let b = wPlus.shape[0]
        let scratch = SynthesisScratch()
        func row(_ r: Int) -> Tensor { Generator.row(r, of: wPlus) }            // [B, D]
        func noisePlanes(_ layer: Int) -> Tensor { self.noisePlanes(layer: layer, batch: b, mode: noise, firstSample: firstSample) }

        var x = try constantBatch(b)                                                 // [B, C4, 4, 4]
        x = try conv1.forward(x, styles: conv1.conv.styles(row(0)), noise: noisePlanes(0), scratch: scratch)   // [B, C4, 4, 4]
        var skip = try toRGB1.forward(x, styles: toRGB1.conv.styles(row(1)), skip: nil, scratch: scratch)      // [B, 3, 4, 4]
        for k in 0..<configuration.blockCount {
            let up = convs[2 * k], same = convs[2 * k + 1], rgb = toRGBs[k]
            if x.shape[2] * x.shape[3] >= StyledConv.bandedUpsampleMinimumPlane { scratch.release() }   // streaming from here on
            x = try up.forward(x, styles: up.conv.styles(row(2 * k + 1)), noise: noisePlanes(2 * k + 1), scratch: scratch)     // [B, C_r, r, r]
            let r = x.shape[2]
            if same.runsInPlace && r * r >= StyledConv.inPlaceMinimumPlane {
                try same.forwardInPlace(&x, styles: same.conv.styles(row(2 * k + 2)), noise: noisePlanes(2 * k + 2), scratch: scratch)
            } else {
                x = try same.forward(x, styles: same.conv.styles(row(2 * k + 2)), noise: noisePlanes(2 * k + 2), scratch: scratch) // [B, C_r, r, r]
            }
            skip = try rgb.forward(x, styles: rgb.conv.styles(row(2 * k + 3)), skip: skip, scratch: scratch)                  // [B, 3, r, r]
        }
        return skip                                                                  // [B, 3, S, S]
    }

    /// The image for W codes repeated to every W+ row. w: `[B, D]` → `[B, 3, S, S]`.
    public func synthesize(w: Tensor, noise: NoiseMode = .stored) throws -> Tensor {
        try synthesize(wPlus: wPlus(repeating: w), noise: noise)
    }

    /// z → mapping → truncation (ψ ≠ 1, around `center` or the checkpoint's average latent) → image.
    /// z: `[B, D]` → `[B, 3, S, S]`.
    public func generate(z: Tensor, truncation psi: Float = 1, center: Tensor? = nil,
                         noise: NoiseMode = .stored) throws -> Tensor {
        try synthesize(w: styles(z: z, truncation: psi, center: center), noise: noise)
    }

    /// W codes for z: mapping, then truncation when ψ ≠ 1. z: `[B, D]` → w `[B, D]`.
    public func styles(z: Tensor, truncation psi: Float = 1, center: Tensor? = nil) throws -> Tensor {
        let w = try mapping(z)                                                       // [B, D]
        return psi == 1 ? w : try truncated(w, psi: psi, around: center)
    }

    /// w `[B, D]` repeated to every row: `[B, nLatent, D]`.
    public func wPlus(repeating w: Tensor) throws -> Tensor {
        let b = try ShapeCheck.requireBatch(w, [styleDim], "W codes", layout: "[B, \(styleDim)]")
        let d = styleDim, n = nLatent
        var out = Tensor(zeros: [b, n, d])                                           // [B, nLatent, D]
        out.withUnsafeMutableBufferPointer { o in
            w.withUnsafeBufferPointer { src in
                for i in 0..<b { for r in 0..<n { (o.baseAddress! + (i * n + r) * d).update(from: src.baseAddress! + i * d, count: d) } }
            }
        }
        return out
    }

    /// The noise planes of StyledConv `layer` (0 = conv1) for a batch: the stored buffer `[1, 1, R, R]`, or seeded
    /// random planes `[B, 1, R, R]`.
    /// `firstSample` is the batch index of the first plane (a sample's random planes depend on its index only).
    public func noisePlanes(layer: Int, batch: Int, mode: NoiseMode, firstSample: Int = 0) -> Tensor {
        precondition(layer >= 0 && layer < configuration.noiseLayerCount, "noise layer \(layer)")
        switch mode {
        case .stored: return noises[layer]
        case .random(let seed):
            return GaussianNoise.planes(seed: seed, layer: layer, batch: batch, side: configuration.noiseResolution(layer: layer),
                                        firstSample: firstSample)
        }
    }

    /// The constant input repeated over the batch: `[B, C4, 4, 4]`.
    public func constantBatch(_ b: Int) throws -> Tensor {
        guard b >= 1 else { throw GeneratorError.invalidInput(argument: "batch", expected: "≥ 1", actual: [b]) }
        let n = constantInput.count
        var out = Tensor(zeros: [b] + Array(constantInput.shape.dropFirst()))       // [B, C4, 4, 4]
        out.withUnsafeMutableBufferPointer { o in
            constantInput.withUnsafeBufferPointer { src in
                for i in 0..<b { (o.baseAddress! + i * n).update(from: src.baseAddress!, count: n) }
            }
        }
        return out
    }

    /// Row `r` of W+ codes: `[B, nLatent, D]` → `[B, D]`.
    static func row(_ r: Int, of wPlus: Tensor) -> Tensor {
        let b = wPlus.shape[0], n = wPlus.shape[1], d = wPlus.shape[2]
        var out = Tensor(zeros: [b, d])                                              // [B, D]
        out.withUnsafeMutableBufferPointer { o in
            wPlus.withUnsafeBufferPointer { src in
                for i in 0..<b { (o.baseAddress! + i * d).update(from: src.baseAddress! + (i * n + r) * d, count: d) }
            }
        }
        return out
    }
}
