import TensorCore

/// Settings of one ReStyle run (`ReStyleInverter`). Defaults reproduce `scripts/inference_iterative.py`.
public struct InversionOptions: Sendable {
    /// Refinement steps in all (official `n_iters_per_batch`, default 5), bootstrap steps included.
    public var iterations: Int = 5
    /// Early stop: after a step where every sample's mean |W+ change| (over its n·D entries, against the previous
    /// step's code, or the starting code for the first step) is below this, stop. nil = off (the official behaviour).
    public var tolerance: Float? = nil
    /// Starting code instead of `latent_avg`: `[n, D]` (every sample) or `[B, n, D]`. The first feedback image is then
    /// the pooled `G(initialLatent)` instead of the average image.
    public var initialLatent: Tensor? = nil
    /// Encoder bootstrapping (`scripts/encoder_bootstrapping_inference.py`): the first `steps` of the `iterations`
    /// refinements use another model (its encoder and its generator; the average image and `latent_avg` are also that
    /// model's); the main model runs the remaining steps, adding to the previous step's code (its own `latent_avg` is
    /// never used). The official script runs the first model once and then the second `n` times: that is
    /// `iterations = n + 1`, `steps = 1`.
    public var bootstrap: Bootstrap? = nil
    /// How generator outputs are cropped before they are reported and fed back (`.carsRows` for cars models).
    public var outputCrop: OutputCrop = .none

    public init() {}

    /// A first-stage model for encoder bootstrapping.
    public struct Bootstrap: Sendable {
        public var model: ReStyleModel
        /// Steps (of `iterations`) run with `model` before the main model takes over (1 in the official script).
        public var steps: Int

        public init(model: ReStyleModel, steps: Int = 1) { self.model = model; self.steps = steps }
    }
}

/// The cropping applied to generator outputs (architecture §C.3/§C.4, cars only in the official code).
public enum OutputCrop: Equatable, Sendable {
    /// The image is used whole.
    case none
    /// Cars: rows `S/8 ..< 7S/8` of an S×S output are kept (64..<448 at 512 px); the average image is pooled to
    /// W×W first and then cropped (rows 32..<224 at 256), so the encoder input is (3W/4)×W (192×256).
    case carsRows
}
