import TensorCore

/// An image → attribute-scores network, for the attribute metrics (`attribute_editability`,
/// `attribute_entanglement`). None ships yet: a study without one records a note and skips those metrics.
public protocol AttributeNetwork: Sendable {
    /// Attribute names, in the order of `scores` columns.
    var attributeNames: [String] { get }
    /// images: `[B, 3, H, W]` in [-1, 1] → scores `[B, attributeNames.count]`.
    func scores(_ images: Tensor) throws -> Tensor
}
