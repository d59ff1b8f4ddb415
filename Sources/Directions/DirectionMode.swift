/// How an edit uses its direction (manifest `mode`).
///
/// - `add`: `w[r] += s·d[r]` on the chosen rows (GANSpace components: `w[r] += s·std_k·comp_k`).
/// - `set`: GANSpace only, e4e's convention: the chosen rows move along `comp_k` so that the coordinate
///   of row 0, `(w[0] − mean)·comp_k / std_k`, becomes `s` (see `Edit` in the Editing module).
public enum DirectionMode: String, Sendable, CaseIterable {
    case add
    case set
}
