extension Tensor {
    /// upfirdn2d (architecture §0.4), depthwise over every `[H, W]` plane of a `[..., H, W]` tensor.
    ///
    /// kernel: `[kh, kw]` applied as a true convolution (flipped). Output `[..., Hout, Wout]` with
    /// `Hout = floor((H·up + pad0 + pad1 − kh) / down) + 1`. Direct evaluation; no zero-inserted temporaries.
    public func upfirdn2d(kernel: Tensor, _ p: Upfirdn2DParameters) throws -> Tensor {
        let op = "upfirdn2d"
        guard rank >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: op, argument: "input", expected: "[..., H, W]", actual: shape)
        }
        try TensorCoreError.requireRank(kernel, 2, op, "kernel", "[kh, kw]")
        let h = shape[rank - 2], w = shape[rank - 1], kh = kernel.shape[0], kw = kernel.shape[1]
        try p.validate(height: h, width: w, kernelHeight: kh, kernelWidth: kw)
        let oh = p.outputLength(h, kernel: kh), ow = p.outputLength(w, kernel: kw)
        let planes = count / max(h * w, 1)
        var out = Tensor(zeros: Array(shape.dropLast(2)) + [oh, ow])
        // Flipped kernel: y[i,j] = Σ zp[i·down + a, j·down + b] · K[kh−1−a, kw−1−b].
        let flipped = (0..<kh * kw).map { kernel.scalars[(kh - 1 - $0 / kw) * kw + (kw - 1 - $0 % kw)] }
        // Column taps per output column: (input column, kernel column b) pairs that hit a real sample.
        var colTaps = [[(Int, Int)]](repeating: [], count: ow)
        for j in 0..<ow {
            for b in 0..<kw {
                let v = j * p.down + b - p.pad0
                if v >= 0, v < w * p.up, v % p.up == 0 { colTaps[j].append((v / p.up, b)) }
            }
        }
        let up = p.up, down = p.down, pad0 = p.pad0, taps = colTaps
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                flipped.withUnsafeBufferPointer { kf in
                    let src = SendableConstPointer(x.baseAddress!), dst = SendableMutablePointer(o.baseAddress!)
                    let kp = SendableConstPointer(kf.baseAddress!)
                    Parallel.forEach(planes, workPerItem: oh * ow * kh * kw) { plane in
                        let xin = src.base + plane * h * w, yout = dst.base + plane * oh * ow
                        for i in 0..<oh {
                            let row = yout + i * ow
                            for a in 0..<kh {
                                let u = i * down + a - pad0
                                guard u >= 0, u < h * up, u % up == 0 else { continue }
                                let xrow = xin + (u / up) * w, krow = kp.base + a * kw
                                for j in 0..<ow {
                                    var acc: Float = 0
                                    for (xc, b) in taps[j] { acc += xrow[xc] * krow[b] }
                                    row[j] += acc
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
