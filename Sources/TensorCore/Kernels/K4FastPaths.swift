/// The two upfirdn2d instances StyleGAN2's generator uses (architecture §0.5), as separable closed forms
/// with f = [0.25, 0.75, 0.75, 0.25]. Each equals `upfirdn2d` with `Tensor.blurKernelK4`.
public enum K4FastPaths {
    /// ToRGB skip Upsample = upfirdn2d(K4, up 2, pad (2, 1)): plane `[H, W]` → `[2H, 2W]`.
    /// Per axis (x[−1] = x[H] = 0): `out[2n] = 0.25·x[n−1] + 0.75·x[n]`, `out[2n+1] = 0.75·x[n] + 0.25·x[n+1]`.
    /// `scratch` needs `H · 2W` floats.
    public static func upsample2xPlane(_ x: UnsafePointer<Float>, height h: Int, width w: Int,
                                       into out: UnsafeMutablePointer<Float>, scratch tmp: UnsafeMutablePointer<Float>) {
        let w2 = 2 * w
        for y in 0..<h {
            let src = x + y * w, dst = tmp + y * w2
            for n in 0..<w {
                let left: Float = n > 0 ? src[n - 1] : 0, right: Float = n + 1 < w ? src[n + 1] : 0
                dst[2 * n] = 0.25 * left + 0.75 * src[n]
                dst[2 * n + 1] = 0.75 * src[n] + 0.25 * right
            }
        }
        for n in 0..<h {
            let mid = tmp + n * w2, even = out + (2 * n) * w2, odd = out + (2 * n + 1) * w2
            if n > 0 {
                let above = tmp + (n - 1) * w2
                for j in 0..<w2 { even[j] = 0.25 * above[j] + 0.75 * mid[j] }
            } else {
                for j in 0..<w2 { even[j] = 0.75 * mid[j] }
            }
            if n + 1 < h {
                let below = tmp + (n + 1) * w2
                for j in 0..<w2 { odd[j] = 0.75 * mid[j] + 0.25 * below[j] }
            } else {
                for j in 0..<w2 { odd[j] = 0.75 * mid[j] }
            }
        }
    }

    /// Blur after the stride-2 transposed conv = upfirdn2d(K4, up 1, pad (1, 1)): plane `[H, W]` → `[H−1, W−1]`.
    /// Per axis (t[−1] = t[L] = 0): `out[Z] = 0.25·t[Z−1] + 0.75·t[Z] + 0.75·t[Z+1] + 0.25·t[Z+2]`.
    /// `scratch` needs `H · (W−1)` floats. Requires H, W ≥ 2.
    public static func blurPad1Plane(_ t: UnsafePointer<Float>, height h: Int, width w: Int,
                                     into out: UnsafeMutablePointer<Float>, scratch tmp: UnsafeMutablePointer<Float>) {
        let ow = w - 1, oh = h - 1
        for y in 0..<h {
            let src = t + y * w, dst = tmp + y * ow
            // Edges (z = 0 and z = ow − 1) peeled so the interior loop has no branches and vectorizes.
            func edge(_ z: Int) {
                let before: Float = z > 0 ? src[z - 1] : 0, after: Float = z + 2 < w ? src[z + 2] : 0
                dst[z] = 0.25 * before + 0.75 * src[z] + 0.75 * src[z + 1] + 0.25 * after
            }
            edge(0)
            if ow > 1 { edge(ow - 1) }
            if ow > 2 {
                for z in 1..<(ow - 1) { dst[z] = 0.25 * src[z - 1] + 0.75 * src[z] + 0.75 * src[z + 1] + 0.25 * src[z + 2] }
            }
        }
        for z in 0..<oh {
            let dst = out + z * ow, r0 = tmp + z * ow, r1 = tmp + (z + 1) * ow
            switch (z > 0, z + 2 < h) {
            case (true, true):
                let rm = tmp + (z - 1) * ow, r2 = tmp + (z + 2) * ow
                for j in 0..<ow { dst[j] = 0.25 * rm[j] + 0.75 * r0[j] + 0.75 * r1[j] + 0.25 * r2[j] }
            case (false, true):
                let r2 = tmp + (z + 2) * ow
                for j in 0..<ow { dst[j] = 0.75 * r0[j] + 0.75 * r1[j] + 0.25 * r2[j] }
            case (true, false):
                let rm = tmp + (z - 1) * ow
                for j in 0..<ow { dst[j] = 0.25 * rm[j] + 0.75 * r0[j] + 0.75 * r1[j] }
            case (false, false):
                for j in 0..<ow { dst[j] = 0.75 * r0[j] + 0.75 * r1[j] }
            }
        }
    }
}

extension Tensor {
    /// StyleGAN2 ToRGB skip upsample: upfirdn2d(K4, up 2, pad (2,1)) via the closed form.
    /// `[..., H, W]` → `[..., 2H, 2W]`.
    public func upsample2xK4() throws -> Tensor {
        guard rank >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: "upsample2xK4", argument: "input", expected: "[..., H, W]", actual: shape)
        }
        let h = shape[rank - 2], w = shape[rank - 1]
        return planewise(outHeight: 2 * h, outWidth: 2 * w, scratch: h * 2 * w) { x, o, s in
            K4FastPaths.upsample2xPlane(x, height: h, width: w, into: o, scratch: s)
        }
    }

    /// StyleGAN2 blur after the upsampling transposed conv: upfirdn2d(K4, up 1, pad (1,1)) via the closed form.
    /// `[..., H, W]` → `[..., H−1, W−1]` (2H+1 → 2H in the generator).
    public func blurK4Pad1() throws -> Tensor {
        guard rank >= 2, shape[rank - 2] >= 2, shape[rank - 1] >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: "blurK4Pad1", argument: "input", expected: "[..., H ≥ 2, W ≥ 2]", actual: shape)
        }
        let h = shape[rank - 2], w = shape[rank - 1]
        return planewise(outHeight: h - 1, outWidth: w - 1, scratch: h * (w - 1)) { x, o, s in
            K4FastPaths.blurPad1Plane(x, height: h, width: w, into: o, scratch: s)
        }
    }

    /// Applies a per-plane kernel to every `[H, W]` plane in parallel. `body(input, output, scratch)`.
    func planewise(outHeight: Int, outWidth: Int, scratch: Int,
                   _ body: @escaping @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let h = shape[rank - 2], w = shape[rank - 1]
        let planes = count / max(h * w, 1)
        var out = Tensor(zeros: Array(shape.dropLast(2)) + [outHeight, outWidth])
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                let src = SendableConstPointer(x.baseAddress!), dst = SendableMutablePointer(o.baseAddress!)
                let workers = min(Parallel.workerCount, max(planes, 1))
                let chunkWork = planes * outHeight * outWidth * 4
                Parallel.forEach(workers, workPerItem: chunkWork / workers) { wkr in
                    let tmp = UnsafeMutablePointer<Float>.allocate(capacity: max(scratch, 1))
                    defer { tmp.deallocate() }
                    for plane in (planes * wkr / workers)..<(planes * (wkr + 1) / workers) {
                        body(src.base + plane * h * w, dst.base + plane * outHeight * outWidth, tmp)
                    }
                }
            }
        }
        return out
    }
}
