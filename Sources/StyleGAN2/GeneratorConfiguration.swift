/// The shape of a rosinality/ReStyle StyleGAN2 generator (architecture.md §A): everything needed to
/// build it, inferred from a checkpoint's keys and shapes (`GeneratorConfiguration+StateDict.swift`).
public struct GeneratorConfiguration: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Output resolution `S` (a power of two, 16...1024). Images are `[B, 3, S, S]`.
    public let size: Int
    /// Style (W) dimension `D` (512 in the official models).
    public let styleDim: Int
    /// Number of EqualLinear layers in the mapping network (`n_mlp`, 8 in the official models).
    public let mappingLayers: Int
    /// Channel width per resolution, for every resolution 4, 8, …, `size` (any widths).
    public let channels: [Int: Int]

    /// Smallest and largest supported output resolution.
    public static let supportedSizes = 16...1024

    /// Validates the description; throws `GeneratorError.invalidConfiguration` naming the bad value.
    public init(size: Int, styleDim: Int, mappingLayers: Int, channels: [Int: Int]) throws {
        guard Self.supportedSizes.contains(size), size & (size - 1) == 0 else {
            throw GeneratorError.invalidConfiguration("size \(size) is not a power of two in 16...1024")
        }
        guard styleDim >= 1 else { throw GeneratorError.invalidConfiguration("style dim \(styleDim) < 1") }
        guard mappingLayers >= 0 else { throw GeneratorError.invalidConfiguration("mapping layers \(mappingLayers) < 0") }
        var resolution = 4
        while resolution <= size {
            guard let c = channels[resolution], c >= 1 else {
                throw GeneratorError.invalidConfiguration("no channel width (≥ 1) for resolution \(resolution)")
            }
            resolution *= 2
        }
        guard channels.keys.allSatisfy({ $0 >= 4 && $0 <= size && $0 & ($0 - 1) == 0 }) else {
            throw GeneratorError.invalidConfiguration("channel widths given for resolutions \(channels.keys.sorted()) (expected 4...\(size))")
        }
        self.size = size; self.styleDim = styleDim; self.mappingLayers = mappingLayers; self.channels = channels
    }

    /// The official configuration (architecture §A): widths 512 up to 32 px, then 256·m at 64, 128·m at 128,
    /// 64·m at 256, 32·m at 512, 16·m at 1024 (m = `channelMultiplier`).
    public static func standard(size: Int, styleDim: Int = 512, mappingLayers: Int = 8,
                                channelMultiplier: Int = 2) throws -> GeneratorConfiguration {
        let m = channelMultiplier
        let table = [4: 512, 8: 512, 16: 512, 32: 512, 64: 256 * m, 128: 128 * m, 256: 64 * m, 512: 32 * m, 1024: 16 * m]
        return try GeneratorConfiguration(size: size, styleDim: styleDim, mappingLayers: mappingLayers,
                                          channels: table.filter { $0.key <= size })
    }

    /// `log2(size)`.
    public var logSize: Int { size.trailingZeroBitCount }
    /// Number of W+ rows: `2·log2(size) − 2` (18 at 1024, 14 at 256).
    public var nLatent: Int { 2 * logSize - 2 }
    /// Number of StyledConvs, which is also the number of noise inputs: `2·(log2(size) − 2) + 1` (17 at 1024).
    public var noiseLayerCount: Int { 2 * (logSize - 2) + 1 }
    /// Number of upsampling blocks (`convs` pairs and `to_rgbs`): `log2(size) − 2`.
    public var blockCount: Int { logSize - 2 }
    /// Resolutions 4, 8, …, size.
    public var resolutions: [Int] { (2...logSize).map { 1 << $0 } }
    /// Width at `resolution` (4...size).
    public func channels(at resolution: Int) -> Int {
        guard let c = channels[resolution] else { preconditionFailure("no resolution \(resolution) in a \(size) px generator") }
        return c
    }
    /// Side of the noise plane of StyledConv number `layer` (0 = conv1): `2^((layer + 5) / 2)`.
    public func noiseResolution(layer: Int) -> Int { 1 << ((layer + 5) / 2) }

    /// Parameter count of the generator (weights and biases, without buffers).
    public var parameterCount: Int {
        let d = styleDim
        var n = mappingLayers * (d * d + d)
        let c4 = channels(at: 4)
        n += c4 * 16                                          // input.input
        n += styledConvParameters(c4, c4) + toRGBParameters(c4)
        var cin = c4
        for r in resolutions.dropFirst() {
            let c = channels(at: r)
            n += styledConvParameters(cin, c) + styledConvParameters(c, c) + toRGBParameters(c)
            cin = c
        }
        return n
    }

    private func styledConvParameters(_ cin: Int, _ cout: Int) -> Int {
        cout * cin * 9 + cin * styleDim + cin + 1 + cout      // weight, modulation, noise weight, activation bias
    }
    private func toRGBParameters(_ cin: Int) -> Int { 3 * cin + cin * styleDim + cin + 3 }

    public var description: String {
        let widths = resolutions.map { "\($0):\(channels(at: $0))" }.joined(separator: " ")
        return "StyleGAN2 \(size) px, style dim \(styleDim), \(mappingLayers) mapping layers, widths {\(widths)}, \(nLatent) W+ rows"
    }
}
