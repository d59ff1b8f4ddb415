/// The latent space a direction lives in (manifest `space`).
public enum LatentSpace: String, Sendable, CaseIterable {
    /// StyleGAN W: one `[1, D]` vector, added to every chosen W+ row.
    case w = "w"
    /// W+: `[1, D]` (broadcast) or `[n_styles, D]` (row by row).
    case wPlus = "w+"
    /// Z (the mapping network's input). Listed, but edits of W/W+ codes refuse it.
    case z = "z"
}
