import TensorCore

/// Fused elementwise passes of the encoder units: one pass over the data per step and at most one new buffer,
/// where the plain tensor ops would copy once per op (BatchNorm alone is two copies). Every function is the same
/// math as the op chain it replaces, up to float rounding.
enum EncoderKernels {
    /// `y[n, c] = x[n, c]·scale[c] + shift[c]` into a new tensor. x: `[N, C, H, W]`; scale, shift: `[C]`.
    static func affine(_ x: Tensor, scale: Tensor, shift: Tensor) -> Tensor {
        let c = x.shape[1], inner = x.shape[2] * x.shape[3], planes = x.shape[0] * c
        var out = Tensor(zeros: x.shape)
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { xp in
                scale.withUnsafeBufferPointer { sp in
                    shift.withUnsafeBufferPointer { tp in
                        let dst = SendableMutablePointer(o.baseAddress!), src = SendableConstPointer(xp.baseAddress!)
                        let s = SendableConstPointer(sp.baseAddress!), t = SendableConstPointer(tp.baseAddress!)
                        Parallel.forEach(planes, workPerItem: inner) { p in
                            let a = s.base[p % c], b = t.base[p % c], row = src.base + p * inner, out = dst.base + p * inner
                            for i in 0..<inner { out[i] = row[i] * a + b }
                        }
                    }
                }
            }
        }
        return out
    }

    /// In place: `t = prelu(t·scale[c] + shift[c])` (scale/shift nil: plain PReLU). t: `[N, C, H, W]`; slopes: `[C]`.
    static func preluInPlace(_ t: inout Tensor, slopes: Tensor, scale: Tensor? = nil, shift: Tensor? = nil) {
        let c = t.shape[1], inner = t.shape[2] * t.shape[3], planes = t.shape[0] * c
        let scales = scale?.scalars ?? [Float](repeating: 1, count: c), shifts = shift?.scalars ?? [Float](repeating: 0, count: c)
        let slope = slopes.scalars
        t.withUnsafeMutableBufferPointer { tp in
            let base = SendableMutablePointer(tp.baseAddress!)
            Parallel.forEach(planes, workPerItem: inner) { p in
                let a = scales[p % c], b = shifts[p % c], k = slope[p % c], row = base.base + p * inner
                for i in 0..<inner {
                    let v = row[i] * a + b
                    row[i] = v >= 0 ? v : k * v
                }
            }
        }
    }

    /// In place: `t = LeakyReLU_slope(t)`.
    static func leakyReLUInPlace(_ t: inout Tensor, slope: Float) {
        t.withUnsafeMutableBufferPointer { tp in
            let base = SendableMutablePointer(tp.baseAddress!), n = tp.count
            let chunks = n >= 1 << 16 ? Parallel.workerCount : 1
            Parallel.forEach(chunks, workPerItem: n / max(chunks, 1)) { ch in
                for i in (n * ch / chunks)..<(n * (ch + 1) / chunks) { let v = base.base[i]; base.base[i] = v > 0 ? v : slope * v }
            }
        }
    }

    /// Per-plane means `[N, C]` of `x·scale[c] + shift[c]` (Double sums). x: `[N, C, H, W]`.
    static func affineChannelMeans(_ x: Tensor, scale: Tensor, shift: Tensor) -> Tensor {
        let c = x.shape[1], inner = x.shape[2] * x.shape[3], planes = x.shape[0] * c
        let s = scale.scalars, t = shift.scalars
        var sums = [Double](repeating: 0, count: planes)
        x.withUnsafeBufferPointer { xp in
            for p in 0..<planes {
                var sum: Double = 0
                let row = xp.baseAddress! + p * inner
                for i in 0..<inner { sum += Double(row[i] * s[p % c] + t[p % c]) }
                sums[p] = sum / Double(inner)
            }
        }
        return Tensor(shape: [x.shape[0], c], values: sums.map { Float($0) })
    }

    /// The shortcut added by `residualOutput`.
    enum Shortcut {
        /// `x·scale[c] + shift[c]` with x already at the output size (conv1×1 output before its BatchNorm).
        case affine(Tensor, scale: Tensor, shift: Tensor)
        /// `x[:, :, ::s, ::s]` (MaxPool2d(1, s); s = 1 is the identity).
        case subsampled(Tensor, stride: Int)
    }

    /// In place, the end of an IR-SE unit: `r = (r·scale[c] + shift[c])·gate[n, c] + shortcut`.
    /// r: `[N, C, H, W]` (conv2 output before its BatchNorm), gates: `[N, C]`.
    static func residualOutput(_ r: inout Tensor, scale: Tensor, shift: Tensor, gates: Tensor, shortcut: Shortcut) {
        let n = r.shape[0], c = r.shape[1], h = r.shape[2], w = r.shape[3], inner = h * w, planes = n * c
        let s = scale.scalars, t = shift.scalars, g = gates.scalars
        func run(_ sc: Tensor, _ body: @escaping @Sendable (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int, Float, Float) -> Void) {
            r.withUnsafeMutableBufferPointer { rp in
                sc.withUnsafeBufferPointer { sp in
                    let base = SendableMutablePointer(rp.baseAddress!), src = SendableConstPointer(sp.baseAddress!)
                    Parallel.forEach(planes, workPerItem: inner) { p in
                        let ch = p % c
                        body(base.base + p * inner, src.base, p, s[ch] * g[p], t[ch] * g[p])
                    }
                }
            }
        }
        switch shortcut {
        case .affine(let x, let xs, let xt):
            let ss = xs.scalars, st = xt.scalars
            run(x) { row, src, p, a, b in
                let k = ss[p % c], b2 = b + st[p % c], x = src + p * inner
                for i in 0..<inner { row[i] = row[i] * a + x[i] * k + b2 }
            }
        case .subsampled(let x, let stride):
            let xh = x.shape[2], xw = x.shape[3]
            run(x) { row, src, p, a, b in
                let plane = src + p * xh * xw
                for i in 0..<h {
                    let xr = plane + i * stride * xw, out = row + i * w
                    for j in 0..<w { out[j] = out[j] * a + b + xr[j * stride] }
                }
            }
        }
    }
}
