import Inversion
import StyleGAN2
import TensorCore

/// An official-size ReStyle-e4e model (IR-SE-50, 18 heads × 4 convs, 1024 px generator) with seeded random weights,
/// built in memory through the public initialisers: the `restyle-bench invert` fallback when no checkpoint is given
/// (no PyTorch to write one). He-normal convs, BatchNorm with positive running variances, PReLU 0.25, head linears
/// scaled down so the W+ deltas stay moderate.
enum RandomReStyleModel {
    static let stages = [(64, 64, 3), (64, 128, 4), (128, 256, 14), (256, 512, 3)]

    static func irSE50(seed: UInt64) throws -> ReStyleModel {
        var counter = seed &* 1000
        func normal(_ shape: [Int], _ std: Float) -> Tensor {
            counter &+= 1
            return Tensor.randomNormal(shape: shape, seed: counter).scaled(by: std)
        }
        func conv(_ o: Int, _ i: Int, _ k: Int) -> Tensor { normal([o, i, k, k], (2 / Float(i * k * k)).squareRoot()) }
        // `gain` damps the residual branches' output BN (as scripts/bench does) so activations stay moderate.
        func norm(_ c: Int, gain: Float = 1) throws -> BatchNormFolded {
            let v = normal([c], 1).scalars.map { 0.5 + abs($0) * 0.5 }
            return try BatchNormFolded(weight: Tensor(shape: [c], values: normal([c], 0.2).scalars.map { gain * (1 + $0) }),
                                       bias: normal([c], 0.1 * gain), runningMean: normal([c], 0.1), runningVar: Tensor(shape: [c], values: v))
        }
        func prelu(_ c: Int) -> Tensor { Tensor(repeating: 0.25, shape: [c]) }
        var units: [EncoderConfiguration.Unit] = []
        for (inC, depth, n) in stages {
            units.append(.init(inChannels: inC, depth: depth, stride: 2, hasConvShortcut: inC != depth))
            for _ in 1..<n { units.append(.init(inChannels: depth, depth: depth, stride: 1, hasConvShortcut: false)) }
        }
        let d = 512, n = 18
        let c = try EncoderConfiguration(type: .progressiveBackboneEncoder, inputChannels: 6, stemChannels: 64, units: units,
                                         seReduction: 16, headCount: n, headConvCount: 4, headInputChannels: 512, styleDim: d)
        let stem = try Backbone.Stem(conv: conv(64, 6, 3), norm: norm(64), prelu: prelu(64), stride: 1, padding: 1)
        var body: [Backbone.Unit] = []
        for u in units {
            let shortcut = u.hasConvShortcut ? (conv: conv(u.depth, u.inChannels, 1), norm: try norm(u.depth)) : nil
            body.append(.irSE(IRSEBottleneck(
                unit: u, inputNorm: try norm(u.inChannels), conv1: conv(u.depth, u.inChannels, 3), prelu: prelu(u.depth),
                conv2: conv(u.depth, u.depth, 3), outputNorm: try norm(u.depth, gain: 0.3),
                se: SEModule(fc1: conv(u.depth / 16, u.depth, 1), fc2: conv(u.depth, u.depth / 16, 1)), shortcut: shortcut)))
        }
        let heads = (0..<n).map { _ in
            GradualStyleBlock(convs: (0..<4).map { _ in (weight: conv(d, d, 3), bias: normal([d], 0.1)) },
                              storedLinearWeight: normal([d, d], 0.05), linearBias: normal([d], 0.01))
        }
        let encoder = ReStyleEncoder(configuration: c, network: .progressive(ProgressiveBackboneEncoder(
            backbone: Backbone(kind: .irSE, stem: stem, units: body), heads: heads)), file: "random IR-SE-50 (in memory)")
        let generator = Generator(randomWeightsFor: try GeneratorConfiguration.standard(size: 1024), seed: seed)
        let latent = try generator.styles(z: Tensor.randomNormal(shape: [64, d], seed: seed &+ 99))   // [64, D]
        let mean = (0..<d).map { j in (0..<64).reduce(Float(0)) { $0 + latent[$1, j] } / 64 }
        return try ReStyleModel(encoder: encoder, generator: generator, latentAverage: Tensor(shape: [d], values: mean),
                                file: "random ReStyle-e4e (in memory)")
    }
}
