import StyleGAN2
import TensorCore

/// The W+ code of a seed, as `generate --seed` makes it: z ~ N(0, I) drawn from the seed's 64-bit pattern, mapped
/// (and truncated) to W, repeated to every row.
public enum SeedCode {
    /// `[n_styles, D]`.
    public static func wPlus(seed: Int64, generator: Generator, truncation: Float = 1) throws -> Tensor {
        let z = Tensor.randomNormal(shape: [1, generator.styleDim], seed: UInt64(bitPattern: seed))    // [1, D]
        let w = try generator.styles(z: z, truncation: truncation)                  // [1, D]
        return try generator.wPlus(repeating: w).slice(0)                           // [n_styles, D]
    }
}
