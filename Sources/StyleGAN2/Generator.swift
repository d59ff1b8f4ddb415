import TensorCore

/// The rosinality/ReStyle StyleGAN2 generator (architecture.md §0, §A) on TensorCore.
///
/// Build it from a checkpoint (`Generator+StateDict.swift`); run `mapping` (z → w), `truncated` (ψ around
/// the average latent) and `synthesize` (W or W+ → image `[B, 3, S, S]`, raw float, not clamped).
/// The blocks are public so callers and tests can run them one at a time (`conv1`, `toRGB1`, `convs`, `toRGBs`).
public struct Generator: @unchecked Sendable {
    public let configuration: GeneratorConfiguration
    /// W+ row ↔ module/noise map (§A.8).
    public let layerMap: StyleLayerMap
    /// z → w.
    public let mapping: MappingNetwork
    /// ConstantInput `[1, C4, 4, 4]`.
    public let constantInput: Tensor
    public let conv1: StyledConv
    public let toRGB1: ToRGB
    /// `convs[j]`: even j upsample. `2 · blockCount` entries.
    public let convs: [StyledConv]
    /// `to_rgbs[k]`, `blockCount` entries.
    public let toRGBs: [ToRGB]
    /// Stored noise planes `[1, 1, R, R]`, one per StyledConv (`noiseLayerCount`).
    public let noises: [Tensor]
    /// The checkpoint's average latent as `[nLatent, D]` (a stored `[D]` is repeated to every row); nil when the
    /// file has none (bare state dicts).
    public let latentAverage: Tensor?
    /// Where the weights came from (file and layout), for messages.
    public let source: GeneratorSource

    /// Assembles a generator from parts whose shapes already match `configuration` (the loader checks them).
    init(configuration: GeneratorConfiguration, mapping: MappingNetwork, constantInput: Tensor, conv1: StyledConv,
         toRGB1: ToRGB, convs: [StyledConv], toRGBs: [ToRGB], noises: [Tensor], latentAverage: Tensor?,
         source: GeneratorSource) {
        let c = configuration
        precondition(convs.count == 2 * c.blockCount && toRGBs.count == c.blockCount && noises.count == c.noiseLayerCount,
                     "generator parts do not match \(c)")
        precondition(latentAverage == nil || latentAverage!.shape == [c.nLatent, c.styleDim], "latent average shape")
        self.configuration = c
        self.layerMap = StyleLayerMap(configuration: c)
        self.mapping = mapping; self.constantInput = constantInput; self.conv1 = conv1; self.toRGB1 = toRGB1
        self.convs = convs; self.toRGBs = toRGBs; self.noises = noises; self.latentAverage = latentAverage
        self.source = source
    }

    /// Number of W+ rows.
    public var nLatent: Int { configuration.nLatent }
    /// Style dimension `D`.
    public var styleDim: Int { configuration.styleDim }
    /// Output side `S`.
    public var size: Int { configuration.size }
}

/// The file and checkpoint layout a generator was loaded from.
public struct GeneratorSource: Equatable, Sendable, CustomStringConvertible {
    /// The checkpoint layouts the loader recognises.
    public enum Layout: String, Equatable, Sendable {
        /// ReStyle (pSp/e4e): `state_dict` with `decoder.*` (and `encoder.*`) tensors, top-level `latent_avg`.
        case restyle
        /// rosinality: `g_ema` state dict, top-level `latent_avg` `[D]`.
        case rosinality
        /// A bare generator state dict (keys with or without the `decoder.` prefix).
        case bare
        /// Built in memory (benchmarks, tests).
        case memory
    }
    public let file: String
    public let layout: Layout

    public init(file: String, layout: Layout) { self.file = file; self.layout = layout }

    public var description: String { "\(file) (\(layout.rawValue) layout)" }
}
