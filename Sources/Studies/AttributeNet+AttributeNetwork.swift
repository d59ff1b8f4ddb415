import TensorCore

/// The study hookup: `scores` are the predictions in label units (glasses: probability).
extension AttributeNet: AttributeNetwork {
    public var attributeNames: [String] { configuration.outputs }

    /// images: `[B, 3, H, W]` in [-1, 1] → `[B, attributeNames.count]`.
    public func scores(_ images: Tensor) throws -> Tensor { try predictions(images) }
}
