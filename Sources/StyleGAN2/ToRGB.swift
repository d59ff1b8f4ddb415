import TensorCore

/// ToRGB (architecture §A.7): 1×1 modulated conv C → 3 (no demodulation) `+ bias`, plus the skip image
/// upsampled by upfirdn2d(K4, up 2, pad (2,1)) when given. No activation, no clamp.
public struct ToRGB: @unchecked Sendable {
    public let conv: ModulatedConv
    /// `[3]` (the checkpoint's `[1, 3, 1, 1]`).
    let bias: Tensor

    init(conv: ModulatedConv, bias: Tensor) {
        precondition(conv.outChannels == 3 && conv.kernelSize == 1 && !conv.demodulates && bias.shape == [3], "ToRGB shapes")
        self.conv = conv; self.bias = bias
    }

    public var inChannels: Int { conv.inChannels }

    /// x: `[B, C, H, W]`, w: `[B, D]`, skip: `[B, 3, H/2, W/2]` or nil → `[B, 3, H, W]`.
    public func callAsFunction(_ x: Tensor, w: Tensor, skip: Tensor?) throws -> Tensor {
        try forward(x, styles: conv.styles(w), skip: skip, scratch: SynthesisScratch())
    }

    /// x: `[B, C, H, W]`, s: `[B, C]`, skip: `[B, 3, H/2, W/2]` or nil → `[B, 3, H, W]`.
    func forward(_ x: Tensor, styles s: Tensor, skip: Tensor?, scratch: SynthesisScratch) throws -> Tensor {
        let (b, h, w) = try ShapeCheck.requireImage(x, channels: inChannels, "ToRGB input")
        try ShapeCheck.require(s, [b, inChannels], "ToRGB styles")
        if let skip {
            guard h % 2 == 0, w % 2 == 0 else {
                throw GeneratorError.invalidInput(argument: "ToRGB input", expected: "even H and W when a skip is given", actual: x.shape)
            }
            try ShapeCheck.require(skip, [b, 3, h / 2, w / 2], "ToRGB skip")
        }
        let plane = h * w
        var out = Tensor(zeros: [b, 3, h, w])                                    // [B, 3, H, W]
        let biasValues = bias.scalars
        out.withUnsafeMutableBufferPointer { op in
            let o = op.baseAddress!
            // Start from bias (+ upsampled skip), then accumulate the 1×1 conv into it.
            if let skip {
                skip.withUnsafeBufferPointer { sp in
                    let src = SendableConstPointer(sp.baseAddress!), dst = SendableMutablePointer(o)
                    let hs = h / 2, ws = w / 2
                    Parallel.forEachRange(b * 3, workPerItem: 8 * plane) { planes in
                        let tmp = UnsafeMutablePointer<Float>.allocate(capacity: hs * w)
                        defer { tmp.deallocate() }
                        for p in planes {
                            let q = dst.base + p * plane
                            K4FastPaths.upsample2xPlane(src.base + p * hs * ws, height: hs, width: ws, into: q, scratch: tmp)
                            let bv = biasValues[p % 3]
                            for i in 0..<plane { q[i] += bv }
                        }
                    }
                }
            } else {
                for p in 0..<(b * 3) { (o + p * plane).update(repeating: biasValues[p % 3], count: plane) }
            }
            x.withUnsafeBufferPointer { xp in
                s.withUnsafeBufferPointer { sp in
                    for i in 0..<b {
                        conv.forwardSample(input: xp.baseAddress! + i * inChannels * plane, height: h, width: w,
                                           style: sp.baseAddress! + i * inChannels, output: o + i * 3 * plane,
                                           accumulate: true, scratch: scratch)
                    }
                }
            }
        }
        return out
    }
}
