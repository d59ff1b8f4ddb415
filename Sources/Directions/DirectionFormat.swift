/// How a direction's vector file is stored (manifest `format`).
public enum DirectionFormat: String, Sendable, CaseIterable {
    /// NumPy `.npy`: `[D]`, `[1, D]` or `[n_styles, D]`, float32 or float64 (InterFaceGAN boundaries).
    case npy
    /// A torch file holding one tensor: `[1, D]`, `[D]`, `[n_styles, D]` or `[1, n_styles, D]` (e4e / ReStyle).
    case pt
    /// A GANSpace PCA torch file: dict `mean [1, D]`, `comp [K, 1, D]`, `std [K]`; one component is the direction.
    case ganspace
}
