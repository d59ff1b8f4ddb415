/// Which W+ row feeds which module and noise input (architecture §A.8), as data.
///
/// Rules: `conv1` uses row 0 and noise 0; `to_rgb1` uses row 1; `convs[j]` uses row j+1 and noise j+1;
/// `to_rgbs[k]` uses row 2k+3. So row 1 feeds `to_rgb1` and `convs.0`, and row 2k+3 feeds `to_rgbs[k]`
/// and `convs[2k+2]`. The last row (`nLatent − 1`) feeds only the last ToRGB.
public struct StyleLayerMap: Equatable, Sendable, CustomStringConvertible {
    /// One styled module in synthesis order.
    public struct Layer: Equatable, Sendable {
        public let module: GeneratorModule
        /// W+ row whose style modulates this module.
        public let row: Int
        /// Index of the noise input (`noises.noise_L`) for StyledConvs; nil for ToRGBs.
        public let noiseLayer: Int?
        /// Output resolution.
        public let resolution: Int
        public let inChannels: Int
        /// Output channels (3 for ToRGBs).
        public let outChannels: Int
        /// True for the upsampling StyledConvs (`convs[2k]`).
        public let upsamples: Bool
    }

    /// Every styled module in synthesis order: conv1, to_rgb1, then per block convs[2k], convs[2k+1], to_rgbs[k].
    public let layers: [Layer]
    /// Number of W+ rows (`nLatent`).
    public let rowCount: Int

    public init(configuration c: GeneratorConfiguration) {
        var layers: [Layer] = []
        let c4 = c.channels(at: 4)
        layers.append(Layer(module: .conv1, row: 0, noiseLayer: 0, resolution: 4, inChannels: c4, outChannels: c4, upsamples: false))
        layers.append(Layer(module: .toRGB1, row: 1, noiseLayer: nil, resolution: 4, inChannels: c4, outChannels: 3, upsamples: false))
        var cin = c4
        for k in 0..<c.blockCount {
            let r = 1 << (k + 3), cout = c.channels(at: r)
            layers.append(Layer(module: .conv(2 * k), row: 2 * k + 1, noiseLayer: 2 * k + 1, resolution: r,
                                inChannels: cin, outChannels: cout, upsamples: true))
            layers.append(Layer(module: .conv(2 * k + 1), row: 2 * k + 2, noiseLayer: 2 * k + 2, resolution: r,
                                inChannels: cout, outChannels: cout, upsamples: false))
            layers.append(Layer(module: .toRGB(k), row: 2 * k + 3, noiseLayer: nil, resolution: r,
                                inChannels: cout, outChannels: 3, upsamples: false))
            cin = cout
        }
        self.layers = layers
        self.rowCount = c.nLatent
    }

    /// The layer entry of `module`, or nil when this generator has no such module.
    public func layer(_ module: GeneratorModule) -> Layer? { layers.first { $0.module == module } }

    /// The W+ row that modulates `module`, or nil when this generator has no such module.
    public func row(for module: GeneratorModule) -> Int? { layer(module)?.row }

    /// The modules modulated by W+ row `row`, in synthesis order (empty for an out-of-range row).
    public func modules(fedBy row: Int) -> [GeneratorModule] { layers.filter { $0.row == row }.map(\.module) }

    /// The noise inputs used by the StyledConvs that row `row` modulates.
    public func noiseLayers(fedBy row: Int) -> [Int] { layers.filter { $0.row == row }.compactMap(\.noiseLayer) }

    /// The output resolutions that row `row` affects (ascending, distinct).
    public func resolutions(fedBy row: Int) -> [Int] {
        Array(Set(layers.filter { $0.row == row }.map(\.resolution))).sorted()
    }

    /// One line for a row, e.g. `row 1: to_rgb1 (4 px, 512→3), convs.0 (8 px, 512→512, up, noise 1)`.
    public func describe(row: Int) -> String {
        let parts = layers.filter { $0.row == row }.map { l -> String in
            var s = "\(l.module.name) (\(l.resolution) px, \(l.inChannels)→\(l.outChannels)"
            if l.upsamples { s += ", up" }
            if let n = l.noiseLayer { s += ", noise \(n)" }
            return s + ")"
        }
        return "row \(row): " + (parts.isEmpty ? "unused" : parts.joined(separator: ", "))
    }

    /// One line per W+ row.
    public var description: String { (0..<rowCount).map { describe(row: $0) }.joined(separator: "\n") }
}
