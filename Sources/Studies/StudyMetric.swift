/// The measurements a study can make. Names are the `metric` column of `results.csv`.
public enum StudyMetric: String, CaseIterable, Sendable {
    // Reconstruction at encoder resolution against the encoder input (images mapped to [0, 1]).
    case mse, psnr, ssim
    // Latent statistics of the W+ code [n, D].
    /// Mean over rows of ‖w_r − latent_avg_r‖₂.
    case latentAverageDistance = "latent_avg_distance"
    /// Mean over rows of ‖w_r − w̄‖₂, w̄ = mean of the rows (e4e: how far the code leaves W).
    case wPlusSpread = "wplus_spread"
    /// Mean over rows of the Mahalanobis distance of w_r to the W distribution of mapped samples.
    case mahalanobis
    // Editability (per direction × strength).
    /// e4e's Latent Editing Consistency: mean |w − invert(G(w + s·d)) + s·d| over the n·D entries.
    case lec
    /// MSE between G(w) and G(un-edited re-inversion), at generator resolution, images in [0, 1].
    case lecImageMSE = "lec_image_mse"
    /// mean |G(w + s·d) − G(w)| / |s| (images in [0, 1]); not measured at s = 0.
    case imageChange = "image_change"
    // Attribute-network metrics (need an `AttributeNetwork`).
    /// Target attribute change per unit strength relative to the same edit on sampled codes.
    case attributeEditability = "attribute_editability"
    /// Mean |change| of the other attributes per unit strength.
    case attributeEntanglement = "attribute_entanglement"
    /// Per step count: mean over attributes of |network(G(w)) − true value| (needs `labels`).
    case attributeError = "attribute_error"

    /// Measured once per image × inverter × step count (direction and strength empty).
    public var isPerStep: Bool {
        switch self {
        case .mse, .psnr, .ssim, .latentAverageDistance, .wPlusSpread, .mahalanobis, .attributeError: return true
        default: return false
        }
    }

    /// Needs an attribute network.
    public var needsAttributeNetwork: Bool { self == .attributeEditability || self == .attributeEntanglement || self == .attributeError }

    /// The classifier-free metrics, the default of a study.
    public static let standard: [StudyMetric] = [.mse, .psnr, .ssim, .latentAverageDistance, .wPlusSpread, .mahalanobis,
                                                 .lec, .lecImageMSE, .imageChange]

    /// Names a study file may use: each metric's name, plus the groups `reconstruction`, `latent`, `editability`,
    /// `attributes` and `all`.
    public static func parse(_ name: String) -> [StudyMetric]? {
        switch name {
        case "reconstruction": return [.mse, .psnr, .ssim]
        case "latent": return [.latentAverageDistance, .wPlusSpread, .mahalanobis]
        case "editability": return [.lec, .lecImageMSE, .imageChange]
        case "attributes": return [.attributeEditability, .attributeEntanglement, .attributeError]
        case "all": return allCases
        default: return StudyMetric(rawValue: name).map { [$0] }
        }
    }
}
