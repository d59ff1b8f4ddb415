/// bfloat16 values as their 16 bits (the top half of a float32): conversion both ways.
public enum BFloat16 {
    /// The bfloat16 nearest to `x` (ties to even); NaN stays a (quiet) NaN, overflow rounds to infinity.
    @inlinable
    public static func bits(_ x: Float) -> UInt16 {
        let u = x.bitPattern
        if x.isNaN { return UInt16(truncatingIfNeeded: u >> 16) | 0x0040 }
        return UInt16(truncatingIfNeeded: (u &+ 0x7FFF &+ ((u >> 16) & 1)) >> 16)
    }

    /// The float32 a bfloat16 stands for (exact).
    @inlinable
    public static func float(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// `rows × cols` floats (row stride `ld`) rounded into `dst` (row stride `cols`, packed).
    /// 16 lanes at a time, the same bits as `bits(_:)` lane by lane.
    public static func round(_ src: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int, into dst: UnsafeMutablePointer<UInt16>) {
        let vectorCols = cols & ~15
        for r in 0..<rows {
            let s = UnsafeRawPointer(src + r * ld), d = dst + r * cols
            var c = 0
            while c < vectorCols {
                let u = s.loadUnaligned(fromByteOffset: 4 * c, as: SIMD16<UInt32>.self)
                var rounded = (u &+ 0x7FFF &+ ((u &>> 16) & 1)) &>> 16
                rounded.replace(with: (u &>> 16) | 0x0040, where: (u & 0x7FFF_FFFF) .> 0x7F80_0000)   // NaN: quiet
                UnsafeMutableRawPointer(d + c).storeBytes(of: SIMD16<UInt16>(truncatingIfNeeded: rounded), as: SIMD16<UInt16>.self)
                c += 16
            }
            let f = src + r * ld
            while c < cols { d[c] = bits(f[c]); c += 1 }
        }
    }
}
