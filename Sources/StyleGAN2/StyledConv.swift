import TensorCore

/// StyledConv (architecture §A.6): modulated 3×3 conv (demodulated, no bias) → `+ noiseWeight · noise`
/// → `+ bias[c]` → LReLU 0.2 → `× √2`. The noise plane is broadcast over channels.
public struct StyledConv: @unchecked Sendable {
    public let conv: ModulatedConv
    /// NoiseInjection's scalar weight.
    public let noiseWeight: Float
    /// FusedLeakyReLU bias `[O]`.
    let activationBias: Tensor

    static let gain = Float(2.0.squareRoot())
    static let slope: Float = 0.2

    init(conv: ModulatedConv, noiseWeight: Float, activationBias: Tensor) {
        precondition(activationBias.shape == [conv.outChannels], "activation bias \(activationBias.shape)")
        self.conv = conv; self.noiseWeight = noiseWeight; self.activationBias = activationBias
    }

    public var inChannels: Int { conv.inChannels }
    public var outChannels: Int { conv.outChannels }
    public var upsamples: Bool { conv.upsamples }

    /// x: `[B, C, H, W]`, w: `[B, D]`, noise: `[1 or B, 1, H', W']` (nil adds none) → `[B, O, H', W']`.
    public func callAsFunction(_ x: Tensor, w: Tensor, noise: Tensor?) throws -> Tensor {
        try forward(x, styles: conv.styles(w), noise: noise, scratch: SynthesisScratch())
    }

    /// The raw modulated conv output (before noise, bias and activation). x: `[B, C, H, W]`, w: `[B, D]`.
    public func modulatedConvOutput(_ x: Tensor, w: Tensor) throws -> Tensor {
        try conv(x, styles: conv.styles(w))                                    // [B, O, H', W']
    }

    /// x: `[B, C, H, W]`, s: `[B, C]` (modulation already applied) → `[B, O, H', W']`.
    func forward(_ x: Tensor, styles s: Tensor, noise: Tensor?, scratch: SynthesisScratch) throws -> Tensor {
        let (b, h, w) = try ShapeCheck.requireImage(x, channels: inChannels, "\(upsamples ? "upsampling " : "")StyledConv input")
        try ShapeCheck.require(s, [b, inChannels], "StyledConv styles")
        let oh = conv.outputSize(h), ow = conv.outputSize(w), plane = oh * ow
        if let noise, !(noise.rank == 4 && (noise.shape[0] == 1 || noise.shape[0] == b) && Array(noise.shape.dropFirst()) == [1, oh, ow]) {
            throw GeneratorError.invalidInput(argument: "noise", expected: "[1 or \(b), 1, \(oh), \(ow)]", actual: noise.shape)
        }
        if upsamples && h * w >= StyledConv.bandedUpsampleMinimumPlane {
            return forwardBandedUpsample(x, styles: s, noise: noise, scratch: scratch)
        }
        var out = Tensor(zeros: [b, outChannels, oh, ow])                      // [B, O, H', W']
        let o = outChannels, c = inChannels
        out.withUnsafeMutableBufferPointer { op in
            x.withUnsafeBufferPointer { xp in
                s.withUnsafeBufferPointer { sp in
                    for i in 0..<b {
                        conv.forwardSample(input: xp.baseAddress! + i * c * h * w, height: h, width: w,
                                           style: sp.baseAddress! + i * c, output: op.baseAddress! + i * o * plane,
                                           accumulate: false, scratch: scratch)
                    }
                }
            }
            applyEpilogue(op.baseAddress!, batch: b, plane: plane, noise: noise)
        }
        return out
    }

    /// In place over `[B, O, plane]`: `√2 · LReLU_0.2(x + nw·noise + bias[o])`, parallel over planes.
    private func applyEpilogue(_ y: UnsafeMutablePointer<Float>, batch b: Int, plane: Int, noise: Tensor?) {
        let o = outChannels, nw = noiseWeight, gain = StyledConv.gain, slope = StyledConv.slope
        let base = SendableMutablePointer(y)
        let perSampleNoise = (noise?.shape[0] ?? 1) > 1
        let noiseStorage = noise ?? Tensor(zeros: [1, 1, 1, 1])
        let hasNoise = noise != nil
        noiseStorage.withUnsafeBufferPointer { np in
            activationBias.withUnsafeBufferPointer { bp in
                let nz = SendableConstPointer(np.baseAddress!), bias = SendableConstPointer(bp.baseAddress!)
                Parallel.forEach(b * o, workPerItem: 4 * plane) { p in
                    let row = base.base + p * plane, bo = bias.base[p % o]
                    if hasNoise {
                        let n = nz.base + (perSampleNoise ? (p / o) * plane : 0)
                        for i in 0..<plane {
                            let v = (row[i] + nw * n[i]) + bo
                            row[i] = (v > 0 ? v : slope * v) * gain
                        }
                    } else {
                        for i in 0..<plane {
                            let v = row[i] + bo
                            row[i] = (v > 0 ? v : slope * v) * gain
                        }
                    }
                }
            }
        }
    }
}
