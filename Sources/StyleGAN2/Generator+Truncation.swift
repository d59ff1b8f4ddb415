import TensorCore

extension Generator {
    /// The truncation centre for W codes: row 0 of the average latent, `[D]` (nil without one).
    public var truncationLatent: Tensor? { latentAverage?.slice(0) }                // [D]

    /// Truncation (architecture §A.2): `c + ψ·(w − c)`.
    ///
    /// w: `[B, D]` (centre `[D]`, default row 0 of the average latent) or `[B, nLatent, D]` (centre `[nLatent, D]`
    /// row by row, default the average latent, or `[D]` for every row). Returns w's shape.
    public func truncated(_ w: Tensor, psi: Float, around center: Tensor? = nil) throws -> Tensor {
        guard psi.isFinite else { throw GeneratorError.invalidTruncation(psi) }
        let d = styleDim
        let rows: Int
        if w.rank == 2 && w.shape[1] == d && w.shape[0] >= 1 {
            rows = 1
        } else if w.rank == 3 && w.shape[1] == nLatent && w.shape[2] == d && w.shape[0] >= 1 {
            rows = nLatent
        } else {
            throw GeneratorError.invalidInput(argument: "codes to truncate", expected: "[B, \(d)] or [B, \(nLatent), \(d)]", actual: w.shape)
        }
        let c: Tensor
        if let center {
            guard center.shape == [d] || center.shape == [1, d] || (rows > 1 && center.shape == [rows, d]) else {
                throw GeneratorError.invalidInput(argument: "truncation centre", expected: rows > 1 ? "[\(d)] or [\(rows), \(d)]" : "[\(d)]",
                                                  actual: center.shape)
            }
            c = center
        } else if let average = latentAverage {
            c = rows > 1 ? average : Generator.row(0, of: average.reshaped([1, nLatent, d]))
        } else {
            throw GeneratorError.noTruncationLatent
        }
        let centreRows = c.count / d, perSample = rows * d
        var out = w                                                                  // w's shape
        out.withUnsafeMutableBufferPointer { o in
            c.withUnsafeBufferPointer { cp in
                for i in 0..<o.count {
                    let j = i % perSample
                    let cv = cp[centreRows == 1 ? j % d : j]
                    o[i] = cv + psi * (o[i] - cv)
                }
            }
        }
        return out
    }

    /// Mean of `mapping(z)` over `samples` seeded z ~ N(0, I): `[D]` (rosinality's `mean_latent`), for checkpoints
    /// without `latent_avg`.
    public func meanLatent(samples: Int = 4096, seed: UInt64 = 0) throws -> Tensor {
        guard samples >= 1 else { throw GeneratorError.invalidInput(argument: "samples", expected: "≥ 1", actual: [samples]) }
        let d = styleDim
        var sum = [Double](repeating: 0, count: d)
        var done = 0
        while done < samples {
            let n = min(1024, samples - done)
            var z = Tensor(zeros: [n, d])                                            // [n, D]
            z.withUnsafeMutableBufferPointer { p in
                var state = seed &+ UInt64(done) &* 0x9E37_79B9_7F4A_7C15
                GaussianNoise.fill(p.baseAddress!, count: n * d, state: &state)
            }
            let w = try mapping(z)                                                   // [n, D]
            w.withUnsafeBufferPointer { p in for i in 0..<(n * d) { sum[i % d] += Double(p[i]) } }
            done += n
        }
        return Tensor(shape: [d], values: sum.map { Float($0 / Double(samples)) })
    }
}
