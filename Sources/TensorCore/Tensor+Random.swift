import Foundation

extension Tensor {
    /// Standard normal samples, reproducible from `seed` (SplitMix64 + Box–Muller).
    /// The same seed always gives the same values on every machine.
    public static func randomNormal(shape: [Int], seed: UInt64) -> Tensor {
        var out = Tensor(zeros: shape)
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1.0p-53
        }
        out.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                let u1 = max(uniform(), 1e-300), u2 = uniform()
                let r = (-2 * Foundation.log(u1)).squareRoot(), phi = 2 * Double.pi * u2
                p[i] = Float(r * Foundation.cos(phi))
                if i + 1 < p.count { p[i + 1] = Float(r * Foundation.sin(phi)) }
                i += 2
            }
        }
        return out
    }
}
