import Directions
import TensorCore

extension Edit {
    /// Applies the edit to one code `[n, D]` at `code` (rows already validated). See `Edit` for the formulas.
    func apply(to code: UnsafeMutablePointer<Float>, rows: [Int], dimension d: Int) {
        direction.vector.withUnsafeBufferPointer { vectorBuffer in
            let vector = vectorBuffer.baseAddress!
            func directionRow(_ r: Int) -> UnsafePointer<Float> { vector + (direction.rowCount == 1 ? 0 : r * d) }
            switch mode {
            case .add:
                // GANSpace components are unit vectors whose strength unit is σ_k.
                let scale = strength * (direction.ganspace?.standardDeviation ?? 1)
                for r in rows {
                    let w = code + r * d, v = directionRow(r)
                    if center {
                        addCentered(w, v, scale: scale, dimension: d)
                    } else {
                        for j in 0..<d { w[j] = w[j] + scale * v[j] }
                    }
                }
            case .set:
                guard let ganspace = direction.ganspace else { preconditionFailure("set mode without GANSpace (checked in init)") }
                let sigma = Double(ganspace.standardDeviation)
                let component = vector                                          // [1, D], unit
                // x = (w[0] − μ)·c / σ: the coordinate of row 0, in units of σ.
                let coordinate = ganspace.mean.withUnsafeBufferPointer { mean -> Double in
                    var sum = 0.0
                    for j in 0..<d { sum += (Double(code[j]) - Double(mean[j])) * Double(component[j]) }
                    return sum / sigma
                }
                let coefficient = (Double(strength) - coordinate) * sigma
                let delta = (0..<d).map { Float(coefficient * Double(component[$0])) }   // [D]
                for r in rows {
                    let w = code + r * d
                    for j in 0..<d { w[j] = w[j] + delta[j] }
                }
            }
        }
    }

    /// `w ← w − (w·u)·u + scale·v` with `u = v/‖v‖`; a zero `v` only adds.
    private func addCentered(_ w: UnsafeMutablePointer<Float>, _ v: UnsafePointer<Float>, scale: Float, dimension d: Int) {
        var squared = 0.0, dot = 0.0
        for j in 0..<d {
            squared += Double(v[j]) * Double(v[j])
            dot += Double(w[j]) * Double(v[j])
        }
        // (w·u)·u = (w·v / ‖v‖²)·v
        let projection = squared > 0 ? dot / squared : 0
        for j in 0..<d {
            w[j] = Float(Double(w[j]) - projection * Double(v[j]) + Double(scale) * Double(v[j]))
        }
    }
}
