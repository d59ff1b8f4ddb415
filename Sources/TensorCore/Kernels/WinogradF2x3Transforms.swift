/// The three transforms of Winograd's minimal filtering algorithm F(2×2, 3×3) (Lavin & Gray 2016):
/// a 3×3 stride-1 correlation computed per 2×2 output tile as `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` over a 4×4 input
/// tile `d` (rows/columns `2t−1 … 2t+2`), with
///
///     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
///     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
///     Aᵀ = [1 1 1 0; 0 1 −1 −1]
///
/// Every coefficient is 0, ±1 or ±½, so the transforms add no rounding beyond the sums themselves: the result
/// differs from the direct sum by float rounding only (measured ≈ 1.6× the direct conv's error, see
/// `WinogradConv3x3Tests`). The 16 element-wise products over channels become 16 GEMMs (`WinogradConv3x3Kernel`).
///
/// Layouts: U `[16, O, C]`, V `[16, C, T]`, M `[16, O, T]`, where ξ = 4i + j indexes the 4×4 transform element and
/// T counts the tiles of a band, row-major (tile row, tile column).
public enum WinogradF2x3Transforms {
    /// U[ξ, o, c] = (G g Gᵀ)[i, j] for g = weight[o, c] (3×3). weight: `[O, C, 3, 3]` → u: `[16, O, C]`.
    ///
    /// Per output channel the `[C, 9]` block is first transposed to nine unit-stride tap rows, so every transform
    /// element is a vectorized loop over input channels writing one contiguous row of U.
    public static func transformWeight(_ weight: UnsafePointer<Float>, outChannels o: Int, inChannels c: Int,
                                       into u: UnsafeMutablePointer<Float>) {
        let src = SendableConstPointer(weight), dst = SendableMutablePointer(u), stride = o * c
        Parallel.forEachRange(o, workPerItem: 40 * c) { outs in
            // taps[k·C + ci] = g[ci][k]; rows[i·3 + b] = (G g)[i][b] over ci.
            let taps = UnsafeMutablePointer<Float>.allocate(capacity: 9 * c + 12 * c)
            defer { taps.deallocate() }
            let gg = taps + 9 * c
            for oc in outs {
                let g = src.base + oc * c * 9
                for ci in 0..<c { for k in 0..<9 { taps[k * c + ci] = g[ci * 9 + k] } }
                for b in 0..<3 {
                    let g0 = taps + b * c, g1 = taps + (3 + b) * c, g2 = taps + (6 + b) * c
                    let r0 = gg + b * c, r1 = gg + (3 + b) * c, r2 = gg + (6 + b) * c, r3 = gg + (9 + b) * c
                    for ci in 0..<c {
                        r0[ci] = g0[ci]
                        r1[ci] = 0.5 * (g0[ci] + g1[ci] + g2[ci])
                        r2[ci] = 0.5 * (g0[ci] - g1[ci] + g2[ci])
                        r3[ci] = g2[ci]
                    }
                }
                for i in 0..<4 {
                    let a = gg + (3 * i) * c, b = a + c, e = b + c
                    let u0 = dst.base + (4 * i) * stride + oc * c, u1 = u0 + stride, u2 = u1 + stride, u3 = u2 + stride
                    for ci in 0..<c {
                        u0[ci] = a[ci]
                        u1[ci] = 0.5 * (a[ci] + b[ci] + e[ci])
                        u2[ci] = 0.5 * (a[ci] - b[ci] + e[ci])
                        u3[ci] = e[ci]
                    }
                }
            }
        }
    }

    /// V[ξ, c, t] = (Bᵀ d B)[i, j] for the input tiles of tile rows `tileRows` (all tile columns) of every channel in
    /// `channels`. input: `[C, H, W]` read through `row(c, y)` (nil = a zero row, for the padding or rows the caller
    /// keeps elsewhere); v: `[16, C, T]` with `T = tileRows.count · tileColumns`, `tileColumns = ⌈W/2⌉`.
    /// `scratch` needs `scratchCount(width:)` floats.
    ///
    /// The column pass (Bᵀ d) splits each of its four rows into even and odd padded columns (`e[k]` = column 2k−1,
    /// `o[k]` = column 2k), so the row pass reads tile tx as `e[tx], o[tx], e[tx+1], o[tx+1]`: unit-stride loops
    /// the compiler vectorizes.
    public static func transformInput(row: (Int, Int) -> UnsafePointer<Float>?, width w: Int, channels: Range<Int>,
                                      channelCount c: Int, tileRows: Range<Int>, into v: UnsafeMutablePointer<Float>,
                                      zeroRow: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let tw = (w + 1) / 2, half = w / 2, stride = tw + 1, n = tileRows.count * tw, plane = c * n
        // e_i, o_i for rows i = 0…3 of Bᵀ d, each `tw + 1` long.
        let e0 = scratch, o0 = e0 + stride, e1 = o0 + stride, o1 = e1 + stride
        let e2 = o1 + stride, o2 = e2 + stride, e3 = o2 + stride, o3 = e3 + stride
        for k in 0..<8 { (scratch + k * stride).update(repeating: 0, count: stride) }
        for ch in channels {
            for ty in tileRows {
                let y = 2 * ty - 1
                let r0 = row(ch, y) ?? zeroRow, r1 = row(ch, y + 1) ?? zeroRow
                let r2 = row(ch, y + 2) ?? zeroRow, r3 = row(ch, y + 3) ?? zeroRow
                // Bᵀ d along columns: o[k] ← column x = 2k, e[k+1] ← column x = 2k+1.
                for k in 0..<half {
                    let x = 2 * k
                    let a = r0[x], b = r1[x], e = r2[x], d = r3[x]
                    o0[k] = a - e; o1[k] = b + e; o2[k] = e - b; o3[k] = b - d
                    let a1 = r0[x + 1], b1 = r1[x + 1], e1v = r2[x + 1], d1 = r3[x + 1]
                    e0[k + 1] = a1 - e1v; e1[k + 1] = b1 + e1v; e2[k + 1] = e1v - b1; e3[k + 1] = b1 - d1
                }
                if half < tw {   // odd width: column W−1 is even; column W (e[tw]) stays 0
                    let x = w - 1
                    let a = r0[x], b = r1[x], e = r2[x], d = r3[x]
                    o0[half] = a - e; o1[half] = b + e; o2[half] = e - b; o3[half] = b - d
                }
                // (Bᵀ d) B along rows, one tile per column pair.
                let first = ch * n + (ty - tileRows.lowerBound) * tw
                for i in 0..<4 {
                    let ev = scratch + 2 * i * stride, od = ev + stride
                    let v0 = v + (4 * i) * plane + first, v1 = v0 + plane, v2 = v1 + plane, v3 = v2 + plane
                    for tx in 0..<tw {
                        let p = ev[tx], q = od[tx], r = ev[tx + 1], s = od[tx + 1]
                        v0[tx] = p - r
                        v1[tx] = q + r
                        v2[tx] = r - q
                        v3[tx] = q - s
                    }
                }
            }
        }
    }

    /// Scratch floats `transformInput` needs for width `w`.
    public static func scratchCount(width w: Int) -> Int { 8 * ((w + 1) / 2 + 1) }

    /// Y = Aᵀ m A for every tile of the band and every output channel in `channels`, plus `bias[o]` when given.
    /// m: `[16, O, T]` (T = bandTileRows · ⌈W/2⌉); writes output rows `0 ..< rows` of the band (`rows` ≤ 2·bandTileRows;
    /// fewer at an odd bottom edge) at `out + o·planeStride + r·W`. `scratch` needs `4·⌈W/2⌉` floats.
    ///
    /// Per tile row: the four outputs of every tile into four unit-stride rows (vectorized), then interleaved into
    /// the two image rows.
    public static func transformOutput(_ m: UnsafePointer<Float>, outChannelCount o: Int, channels: Range<Int>,
                                       bandTileRows: Int, rows: Int, width w: Int, bias: UnsafePointer<Float>?,
                                       into out: UnsafeMutablePointer<Float>, planeStride: Int,
                                       scratch: UnsafeMutablePointer<Float>) {
        let tw = (w + 1) / 2, n = bandTileRows * tw, plane = o * n, pairs = w / 2
        let y00 = scratch, y01 = y00 + tw, y10 = y01 + tw, y11 = y10 + tw
        for oc in channels {
            let b = bias?[oc] ?? 0
            for ty in 0..<bandTileRows where 2 * ty < rows {
                let m0 = m + oc * n + ty * tw
                let m1 = m0 + plane, m2 = m1 + plane, m3 = m2 + plane, m4 = m3 + plane, m5 = m4 + plane
                let m6 = m5 + plane, m7 = m6 + plane, m8 = m7 + plane, m9 = m8 + plane, m10 = m9 + plane
                let m11 = m10 + plane, m12 = m11 + plane, m13 = m12 + plane, m14 = m13 + plane, m15 = m14 + plane
                for tx in 0..<tw {
                    // Row i of m reduced to (m_i0 + m_i1 + m_i2, m_i1 − m_i2 − m_i3), then the same down the rows.
                    let a0 = m0[tx] + m1[tx] + m2[tx], c0 = m1[tx] - m2[tx] - m3[tx]
                    let a1 = m4[tx] + m5[tx] + m6[tx], c1 = m5[tx] - m6[tx] - m7[tx]
                    let a2 = m8[tx] + m9[tx] + m10[tx], c2 = m9[tx] - m10[tx] - m11[tx]
                    let a3 = m12[tx] + m13[tx] + m14[tx], c3 = m13[tx] - m14[tx] - m15[tx]
                    y00[tx] = a0 + a1 + a2 + b
                    y01[tx] = c0 + c1 + c2 + b
                    y10[tx] = a1 - a2 - a3 + b
                    y11[tx] = c1 - c2 - c3 + b
                }
                let top = out + oc * planeStride + (2 * ty) * w
                for tx in 0..<pairs {
                    top[2 * tx] = y00[tx]
                    top[2 * tx + 1] = y01[tx]
                }
                if pairs < tw { top[w - 1] = y00[pairs] }   // odd width: the last tile has one column
                if 2 * ty + 1 < rows {
                    let bottom = top + w
                    for tx in 0..<pairs {
                        bottom[2 * tx] = y10[tx]
                        bottom[2 * tx + 1] = y11[tx]
                    }
                    if pairs < tw { bottom[w - 1] = y10[pairs] }
                }
            }
        }
    }
}
