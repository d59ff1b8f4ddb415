/// Conversions between Float32 and the 16-bit float formats found in checkpoints:
/// IEEE 754 binary16 (`float16`, NumPy `<f2`, safetensors `F16`) and bfloat16 (`BF16`: the top half of a Float32).
/// Works from bit patterns, so it needs no `Float16` type support from the platform.
public enum HalfFloat {
    /// The Float32 value of a binary16 bit pattern (exact: every float16 is representable).
    @inlinable
    public static func float(fromFloat16 bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        case 0x1F:
            // Infinity or NaN (payload kept).
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// The Float32 value of a bfloat16 bit pattern (exact).
    @inlinable
    public static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// The nearest binary16 bit pattern (round to nearest, ties to even; overflow → ±infinity; NaN stays NaN).
    public static func float16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let unbiased = exponent - 127
        if unbiased > 15 { return sign | 0x7C00 }
        if unbiased >= -14 {
            // Normal: keep 10 mantissa bits, round the 13 dropped ones.
            var half = UInt32(unbiased + 15) << 10 | (mantissa >> 13)
            let dropped = mantissa & 0x1FFF
            if dropped > 0x1000 || (dropped == 0x1000 && half & 1 == 1) { half += 1 }  // may carry into the exponent: correct
            return sign | UInt16(half)
        }
        if unbiased < -25 { return sign }
        // Subnormal: value / 2^-24, rounded to nearest even.
        let full = mantissa | 0x80_0000
        let shift = UInt32(-unbiased - 1)  // 14...24 → total shift 13 + (−14 − unbiased)
        let half = full >> shift
        let remainder = full & ((1 << shift) - 1)
        let midpoint: UInt32 = 1 << (shift - 1)
        var rounded = half
        if remainder > midpoint || (remainder == midpoint && half & 1 == 1) { rounded += 1 }
        return sign | UInt16(rounded)
    }

    /// The nearest bfloat16 bit pattern (round to nearest, ties to even; NaN stays NaN).
    public static func bfloat16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        let rounding: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }

    /// Converts `count` binary16 values at `source` (any alignment, little endian) to Float32.
    public static func convertFloat16(_ source: UnsafeRawPointer, count: Int, to destination: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            destination[i] = float(fromFloat16: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        }
    }

    /// Converts `count` bfloat16 values at `source` (any alignment, little endian) to Float32.
    public static func convertBFloat16(_ source: UnsafeRawPointer, count: Int, to destination: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            destination[i] = float(fromBFloat16: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        }
    }
}
