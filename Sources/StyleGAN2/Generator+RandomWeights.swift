import TensorCore

extension Generator {
    /// A generator with seeded random weights in the official initialisation (benchmarks, tests):
    /// every weight, the constant input and the noise buffers ~ N(0, 1) (mapping weights N(0, 1)/0.01, as
    /// stored by EqualLinear with lr_mul 0.01), modulation biases 1, noise weights 0.1, other biases 0.
    /// No average latent.
    public init(randomWeightsFor c: GeneratorConfiguration, seed: UInt64 = 0) {
        var state = seed
        func normal(_ shape: [Int], scale: Float = 1) -> Tensor {
            var t = Tensor(zeros: shape)
            t.withUnsafeMutableBufferPointer { GaussianNoise.fill($0.baseAddress!, count: $0.count, state: &state) }
            return scale == 1 ? t : t.scaled(by: scale)
        }
        let d = c.styleDim
        let mapping = MappingNetwork(storedWeights: (0..<c.mappingLayers).map { _ in normal([d, d], scale: 1 / MappingNetwork.learningRateMultiplier) },
                                     storedBiases: (0..<c.mappingLayers).map { _ in Tensor(zeros: [d]) }, styleDim: d)
        func conv(_ cin: Int, _ cout: Int, _ k: Int, demodulates: Bool, upsamples: Bool) -> ModulatedConv {
            ModulatedConv(storedWeight: normal([cout, cin, k, k]), storedModulationWeight: normal([cin, d]),
                          modulationBias: Tensor(repeating: 1, shape: [cin]), demodulates: demodulates, upsamples: upsamples)
        }
        func styled(_ cin: Int, _ cout: Int, upsamples: Bool) -> StyledConv {
            StyledConv(conv: conv(cin, cout, 3, demodulates: true, upsamples: upsamples), noiseWeight: 0.1,
                       activationBias: Tensor(zeros: [cout]))
        }
        func rgb(_ cin: Int) -> ToRGB { ToRGB(conv: conv(cin, 3, 1, demodulates: false, upsamples: false), bias: Tensor(zeros: [3])) }
        let c4 = c.channels(at: 4)
        var convs: [StyledConv] = [], toRGBs: [ToRGB] = []
        var cin = c4
        for r in c.resolutions.dropFirst() {
            let cout = c.channels(at: r)
            convs.append(styled(cin, cout, upsamples: true))
            convs.append(styled(cout, cout, upsamples: false))
            toRGBs.append(rgb(cout))
            cin = cout
        }
        let noises = (0..<c.noiseLayerCount).map { l -> Tensor in
            let side = c.noiseResolution(layer: l)
            return normal([1, 1, side, side])
        }
        self.init(configuration: c, mapping: mapping, constantInput: normal([1, c4, 4, 4]), conv1: styled(c4, c4, upsamples: false),
                  toRGB1: rgb(c4), convs: convs, toRGBs: toRGBs, noises: noises, latentAverage: nil,
                  source: GeneratorSource(file: "random weights (seed \(seed))", layout: .memory))
    }
}
