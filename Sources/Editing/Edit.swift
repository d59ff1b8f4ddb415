import Directions
import TensorCore

/// One edit of W+ codes: move along `direction` by `strength` on the rows `layers`.
///
/// With `d_r` the direction's row for W+ row r (row 0 of a `[1, D]` direction for every r), and `s` the strength,
/// each chosen row r of a code `w` `[n_styles, D]` becomes:
///
/// - `add`:            `w'[r] = w[r] + s·d_r`            (GANSpace component k: `w'[r] = w[r] + (s·σ_k)·c_k`)
/// - `add` + `center`: `w'[r] = w[r] − (w[r]·u_r)·u_r + s·d_r`, `u_r = d_r/‖d_r‖` — the code's projection on the
///   direction is removed first, so afterwards `w'[r]·u_r = s·‖d_r‖` (= s for a unit direction). This is
///   InterFaceGAN's `linear_interpolate` for W codes, applied per row; zero rows of `d` are left uncentred.
/// - `set` (GANSpace, e4e's convention): the coordinate of row 0, `x = (w[0] − μ)·c_k / σ_k`, is measured once, and
///   every chosen row moves by the same `δ = (s − x)·σ_k·c_k`; with orthonormal components, row 0 (when chosen)
///   ends with coordinate exactly `s`. Rows keep their own offsets along `c_k`; row 0 is measured even when it is
///   not among the chosen rows.
///
/// Rows not chosen are left bit-identical. Sums of products use Double; each row is written once, as Float32.
public struct Edit: Sendable {
    public let direction: Direction
    public let strength: Float
    /// The rows to move (the direction's default unless overridden).
    public let layers: LayerRange
    public let mode: DirectionMode
    /// Remove the code's projection on the direction before adding (add mode only).
    public let center: Bool

    /// Throws `nonFiniteStrength`, `setNeedsGANSpace`, `centerWithSet` or `wrongSpace` (Z directions).
    /// nil `layers`/`mode` take the direction's defaults.
    public init(direction: Direction, strength: Float, layers: LayerRange? = nil, mode: DirectionMode? = nil,
                center: Bool = false) throws {
        guard strength.isFinite else { throw EditError.nonFiniteStrength(direction: direction.name, value: strength) }
        let mode = mode ?? direction.mode
        if mode == .set && direction.ganspace == nil { throw EditError.setNeedsGANSpace(direction: direction.name) }
        if mode == .set && center { throw EditError.centerWithSet(direction: direction.name) }
        if direction.space == .z { throw EditError.wrongSpace(direction: direction.name, space: direction.space.rawValue) }
        self.direction = direction
        self.strength = strength
        self.layers = layers ?? direction.defaultLayers
        self.mode = mode
        self.center = center
    }

    /// The same edit at another strength (sweeps).
    public func withStrength(_ strength: Float) throws -> Edit {
        try Edit(direction: direction, strength: strength, layers: layers, mode: mode, center: center)
    }

    /// Checks the direction and the layers against a model with `styleCount` W+ rows of width `styleDim`
    /// (errors name the direction's file and both sizes, or the bad layer part and the valid rows).
    public func validate(styleCount: Int, styleDim: Int) throws {
        do {
            try direction.validate(styleCount: styleCount, styleDim: styleDim)
            try layers.validated(styleCount: styleCount)
        } catch let error as DirectionError {
            throw EditError.direction(error.description)
        } catch let error as LayerRangeError {
            throw EditError.direction("direction '\(direction.name)': \(error.description)")
        }
    }
}
