import Foundation
import TensorCore

/// GANSpace PCA files written by `directions pca`: an uncompressed `.npz` with the keys and shapes of e4e's
/// `ffhq_pca.pt` — `mean [1, D]`, `comp [K, 1, D]`, `std [K]` — plus `explained_variance [K]` and
/// `explained_variance_ratio [K]`. `DirectionFile.read` (hence plugins and the direction library) loads it exactly
/// like the torch file; a bare `NAME.npz` in a directions directory gives `NAME#0` … `NAME#(K-1)`.
public enum GANSpaceFile {
    public static func write(_ pca: PrincipalComponents, to url: URL) throws {
        let (k, d) = (pca.components.shape[0], pca.components.shape[1])
        try NumPyZipWriter.write([
            ("mean", pca.mean),
            ("comp", pca.components.reshaped([k, 1, d])),
            ("std", Tensor(shape: [k], values: pca.standardDeviations)),
            ("explained_variance", Tensor(shape: [k], values: pca.explainedVariance)),
            ("explained_variance_ratio", Tensor(shape: [k], values: pca.explainedVarianceRatio)),
        ], to: url)
    }
}
