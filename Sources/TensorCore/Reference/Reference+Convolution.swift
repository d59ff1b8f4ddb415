extension Reference {
    /// Architecture §0.1: `out[n,o,i,j] = bias[o] + Σ_{c,a,b} w[o,c,a,b] · xpad[n, c, i·s+a, j·s+b]`.
    /// x: `[N, C, H, W]`, weight: `[O, C, kh, kw]`, bias: `[O]` or nil.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride s: Int = 1, padding p: Int = 0) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        precondition(weight.shape[1] == c, "Reference.conv2d: channel mismatch")
        let oh = (h + 2 * p - kh) / s + 1, ow = (w + 2 * p - kw) / s + 1
        let xs = x.scalars, ws = weight.scalars, bs = bias?.scalars
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for oc in 0..<o { for i in 0..<oh { for j in 0..<ow {
            var acc = Double(bs?[oc] ?? 0)
            for ic in 0..<c { for a in 0..<kh { for bb in 0..<kw {
                let y = i * s + a - p, xx = j * s + bb - p
                guard y >= 0, y < h, xx >= 0, xx < w else { continue }
                acc += Double(ws[((oc * c + ic) * kh + a) * kw + bb]) * Double(xs[((b * c + ic) * h + y) * w + xx])
            } } }
            out[((b * o + oc) * oh + i) * ow + j] = Float(acc)
        } } } }
        return Tensor(shape: [n, o, oh, ow], values: out)
    }

    /// Architecture §0.2: `t[n, o, 2y+a, 2x+b] += Σ_c W'[o,c,a,b] · x[n,c,y,x]` (forward-layout weight, no flip).
    /// x: `[N, C, H, W]`, weight: `[O, C, k, k]` → `[N, O, 2H−2+k, 2W−2+k]`.
    public static func convTranspose2dStride2(_ x: Tensor, weight: Tensor) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (weight.shape[0], weight.shape[2])
        precondition(weight.shape[1] == c && weight.shape[3] == k, "Reference.convTranspose2dStride2: weight shape")
        let oh = 2 * (h - 1) + k, ow = 2 * (w - 1) + k
        let xs = x.scalars, ws = weight.scalars
        var acc = [Double](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for oc in 0..<o { for ic in 0..<c { for y in 0..<h { for xx in 0..<w {
            let v = Double(xs[((b * c + ic) * h + y) * w + xx])
            for a in 0..<k { for bb in 0..<k {
                acc[((b * o + oc) * oh + 2 * y + a) * ow + 2 * xx + bb] += Double(ws[((oc * c + ic) * k + a) * k + bb]) * v
            } }
        } } } } }
        return Tensor(shape: [n, o, oh, ow], values: acc.map { Float($0) })
    }

    /// Architecture §0.4, literally: zero-insert by `up`, pad (negative crops), true convolution with the
    /// kernel, keep every `down`-th sample. x: `[..., H, W]`, kernel: `[kh, kw]`.
    public static func upfirdn2d(_ x: Tensor, kernel: Tensor, _ p: Upfirdn2DParameters) -> Tensor {
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1], kh = kernel.shape[0], kw = kernel.shape[1]
        let planes = x.count / (h * w)
        let oh = p.outputLength(h, kernel: kh), ow = p.outputLength(w, kernel: kw)
        let xs = x.scalars, ks = kernel.scalars
        var out = [Float](repeating: 0, count: planes * oh * ow)
        for plane in 0..<planes {
            // 1. zero insertion
            let zh = h * p.up, zw = w * p.up
            var z = [Double](repeating: 0, count: zh * zw)
            for i in 0..<h { for j in 0..<w { z[(i * p.up) * zw + j * p.up] = Double(xs[plane * h * w + i * w + j]) } }
            // 2. pad / crop
            let ph = zh + p.pad0 + p.pad1, pw = zw + p.pad0 + p.pad1
            var zp = [Double](repeating: 0, count: max(ph * pw, 0))
            for i in 0..<ph { for j in 0..<pw {
                let si = i - p.pad0, sj = j - p.pad0
                if si >= 0, si < zh, sj >= 0, sj < zw { zp[i * pw + j] = z[si * zw + sj] }
            } }
            // 3. FIR (true convolution = correlation with the flipped kernel), valid region; 4. downsample
            for i in 0..<oh { for j in 0..<ow {
                var acc = 0.0
                for a in 0..<kh { for b in 0..<kw {
                    acc += zp[(i * p.down + a) * pw + j * p.down + b] * Double(ks[(kh - 1 - a) * kw + (kw - 1 - b)])
                } }
                out[plane * oh * ow + i * ow + j] = Float(acc)
            } }
        }
        return Tensor(shape: Array(x.shape.dropLast(2)) + [oh, ow], values: out)
    }
}
