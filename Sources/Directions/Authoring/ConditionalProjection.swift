/// InterFaceGAN's conditional manipulation: remove from a direction its components along one or more
/// condition directions, so that moving along the result leaves the conditioned attributes unchanged.
public enum ConditionalProjection {
    /// `v` projected onto the orthogonal complement of span(`conditions`) (each `[D]`, like `v`).
    /// The conditions are orthonormalised by (modified, twice-applied) Gram–Schmidt in Double; a condition
    /// that lies in the span of the earlier ones is skipped. The result is not re-normalised.
    public static func projectOut(_ v: [Float], conditions: [[Float]]) -> [Float] {
        let d = v.count
        var basis: [[Double]] = []
        for c in conditions {
            precondition(c.count == d, "ConditionalProjection: condition width \(c.count) ≠ \(d)")
            var u = c.map(Double.init)
            let norm0 = norm(u)
            guard norm0 > 0 else { continue }
            for _ in 0..<2 { for b in basis { let p = dot(u, b); for i in 0..<d { u[i] -= p * b[i] } } }
            let n = norm(u)
            guard n > 1e-6 * norm0 else { continue }
            basis.append(u.map { $0 / n })
        }
        var r = v.map(Double.init)
        for _ in 0..<2 { for b in basis { let p = dot(r, b); for i in 0..<d { r[i] -= p * b[i] } } }
        return r.map { Float($0) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    /// `v / |v|` in Double (zeros stay zeros).
    public static func normalized(_ v: [Float]) -> [Float] {
        let n = norm(v.map(Double.init))
        return n > 0 ? v.map { Float(Double($0) / n) } : v
    }
}
