import TensorCore

/// Everything a ReStyle run produced, step by step (B = batch size).
public struct InversionTrace: Sendable {
    /// One refinement step.
    public struct Step: Sendable {
        /// W+ codes after this step `[B, n, D]` (`latent` of the official loop).
        public let codes: Tensor
        /// The generator output for `codes`, raw (not clamped) and cropped for cars: `[B, 3, S', S]`.
        public let image: Tensor
        /// `image` pooled to the encoder size, fed to the next step: `[B, 3, H, W]`.
        public let feedback: Tensor
        /// Per sample, the mean |codes − previous codes| over the n·D entries (previous = starting code for step 0).
        public let meanAbsoluteChange: [Float]
        /// True when the bootstrap model ran this step.
        public let usedBootstrapModel: Bool
        /// Wall time of the step (encoder + generator + pooling), in seconds.
        public let seconds: Double
    }

    /// The code the first step is added to: `latent_avg` (or the initial latent) per sample, `[B, n, D]`.
    public let startCodes: Tensor
    /// The first feedback image (the average image, or pooled `G(initialLatent)`): `[B, 3, H, W]`.
    public let startImage: Tensor
    /// The steps that ran, in order.
    public let steps: [Step]
    /// The index of the step after which the early stop fired, or nil when every step ran.
    public let stoppedAt: Int?

    /// Codes of the last step `[B, n, D]`.
    public var finalCodes: Tensor { steps[steps.count - 1].codes }
    /// Image of the last step `[B, 3, S', S]`.
    public var finalImage: Tensor { steps[steps.count - 1].image }

    /// Every step's codes for one sample: `[steps, n, D]`.
    public func codes(ofSample b: Int) -> Tensor {
        Tensor.stack(steps.map { $0.codes.slice(b) })
    }
}
