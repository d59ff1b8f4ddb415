/// A styled module of the synthesis network (architecture §A.8), named as in the official module tree.
public enum GeneratorModule: Hashable, Sendable, CustomStringConvertible {
    /// The 3×3 StyledConv at 4 px (`conv1`).
    case conv1
    /// The ToRGB at 4 px (`to_rgb1`), no skip input.
    case toRGB1
    /// StyledConv `convs[j]`: even j upsample 2×, odd j keep the resolution.
    case conv(Int)
    /// ToRGB `to_rgbs[k]` at `2^(k+3)` px, adding the upsampled skip.
    case toRGB(Int)

    /// `conv1`, `to_rgb1`, `convs.j`, `to_rgbs.k`.
    public var name: String {
        switch self {
        case .conv1: return "conv1"
        case .toRGB1: return "to_rgb1"
        case .conv(let j): return "convs.\(j)"
        case .toRGB(let k): return "to_rgbs.\(k)"
        }
    }

    public var description: String { name }

    /// True for the StyledConvs (which take noise), false for the ToRGBs.
    public var isStyledConv: Bool {
        switch self {
        case .conv1, .conv: return true
        case .toRGB1, .toRGB: return false
        }
    }
}
