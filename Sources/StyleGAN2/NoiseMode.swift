import Foundation
import TensorCore

/// Where the StyledConvs' noise planes come from (architecture §A.4).
public enum NoiseMode: Equatable, Hashable, Sendable {
    /// The checkpoint's `noises.noise_L` buffers, shared by all samples (deterministic; ReStyle's choice).
    case stored
    /// Fresh N(0, 1) planes `[B, 1, R, R]`, reproducible from `seed`. Sample `b` of layer `L` depends only on
    /// (seed, L, b), so a sample's noise does not change with the batch size.
    case random(seed: UInt64)
}

/// Seeded standard-normal planes for `NoiseMode.random` (SplitMix64 + Box–Muller, both outputs used).
enum GaussianNoise {
    /// `[batch, 1, side, side]` for noise layer `layer`: samples `firstSample ..< firstSample + batch`.
    static func planes(seed: UInt64, layer: Int, batch: Int, side: Int, firstSample: Int = 0) -> Tensor {
        var out = Tensor(zeros: [batch, 1, side, side])                        // [B, 1, R, R]
        let plane = side * side
        out.withUnsafeMutableBufferPointer { p in
            for b in 0..<batch {
                var state = mix(seed ^ mix(UInt64(layer) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(firstSample + b) &* 0xD1B5_4A32_D192_ED03 &+ 1))
                fill(p.baseAddress! + b * plane, count: plane, state: &state)
            }
        }
        return out
    }

    /// Fills `count` N(0,1) values.
    static func fill(_ out: UnsafeMutablePointer<Float>, count: Int, state: inout UInt64) {
        var i = 0
        while i < count {
            let u1 = max(uniform(&state), 1e-300), u2 = uniform(&state)
            let r = (-2 * Foundation.log(u1)).squareRoot(), phi = 2 * Double.pi * u2
            out[i] = Float(r * Foundation.cos(phi))
            if i + 1 < count { out[i + 1] = Float(r * Foundation.sin(phi)) }
            i += 2
        }
    }

    /// Uniform in [0, 1) with 53 random bits.
    private static func uniform(_ state: inout UInt64) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(mix(state) >> 11) * 0x1.0p-53
    }

    /// SplitMix64 finaliser.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
