import Checkpoints
import Directions
import Foundation
import StyleGAN2
import TensorCore

/// `restyle-bench authoring`: InterFaceGAN boundary training on 100k planted codes of D = 512 (target < 30 s),
/// SeFa on every StyledConv of the 1024 px FFHQ generator configuration with random weights (target < 2 s), and a
/// GANSpace PCA of 10k mapped codes (informational).
struct AuthoringBenchmark {
    var samples = 100_000
    var dimension = 512
    var ratio = 0.02
    var repeats = 3

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--samples": samples = try args.integer(flag, minimum: 1000)
            case "--dim": dimension = try args.positiveInteger(flag)
            case "--ratio": ratio = try args.number(flag)
            case "--repeat": repeats = try args.positiveInteger(flag)
            default: throw args.unknown(flag)
            }
        }
    }

    private func best(_ body: () throws -> Void) rethrows -> (best: Double, median: Double) {
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = Date()
            try body()
            times.append(Date().timeIntervalSince(t0))
        }
        times.sort()
        return (times[0], times[times.count / 2])
    }

    func run() throws {
        // Boundary: planted codes X [N, D] ~ N(0, I), scores = X·n + 0.1 ε.
        let (n, d) = (samples, dimension)
        let codes = Tensor.randomNormal(shape: [n, d], seed: 11)
        var normal = Tensor.randomNormal(shape: [d], seed: 12).scalars
        let norm = normal.map { $0 * $0 }.reduce(0, +).squareRoot()
        normal = normal.map { $0 / norm }
        let noise = Tensor.randomNormal(shape: [n], seed: 13).scalars
        let scores: [Float] = codes.withUnsafeBufferPointer { x in
            (0..<n).map { i in
                var s: Float = 0
                for j in 0..<d { s += x[i * d + j] * normal[j] }
                return s + 0.1 * noise[i]
            }
        }
        var result: BoundaryTraining.Result?
        let boundary = try best {
            result = try BoundaryTraining.train(codes: codes, scores: scores, options: .init(ratio: ratio))
        }
        let v = result!.direction.scalars
        let cosine = zip(v, normal).map { $0 * $1 }.reduce(0, +)
        let s = result!.selection
        print("restyle-bench authoring (\(repeats) runs each; best / median)")
        print(String(format: "  boundary   %d codes × %d, ratio %.3g → %d + %d samples (%d train), solver %@: %.3f s / %.3f s (target < 30 s); validation accuracy %.4f, cos(planted) %.4f",
                     n, d, ratio, s.perClass, s.perClass, s.trainPositive.count * 2, result!.solver == .dual ? "dual" : "primal",
                     boundary.best, boundary.median, result!.meanValidationAccuracy, cosine))

        // The same through files, as `directions train-boundary` runs it: read codes.npy + scores.npy, train, write the plugin.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bench-authoring-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        try NumPyArrayFile.write(codes, to: tmp.appendingPathComponent("codes.npy"))
        try NumPyArrayFile.write(Tensor(shape: [n], values: scores), to: tmp.appendingPathComponent("scores.npy"))
        let endToEnd = try best {
            let c = try AuthoringInput.codes(tmp.appendingPathComponent("codes.npy"))
            let sc = try AuthoringInput.scores(tmp.appendingPathComponent("scores.npy"))
            let r = try BoundaryTraining.train(codes: c, scores: sc, options: .init(ratio: ratio))
            try AuthoredPlugin.writeVector(r.direction, manifest: DirectionManifest(name: "bench", file: "direction.npy", method: "interfacegan"),
                                           into: tmp.appendingPathComponent("plugins"), overwrite: true)
        }
        print(String(format: "  boundary   end to end (read %.0f MB codes.npy + scores.npy, train, write plugin): %.3f s / %.3f s",
                     Double(n * d * 4) / 1e6, endToEnd.best, endToEnd.median))

        // SeFa on every layer of the 1024 px FFHQ configuration.
        let generator = try Generator(randomWeightsFor: try GeneratorConfiguration.standard(size: 1024), seed: 1)
        var sefa: SeFa.Result?
        var rowsOfA = 0
        let sefaTime = try best {
            let weights = generator.layerMap.layers.filter(\.module.isStyledConv).map { layer -> Tensor in
                switch layer.module {
                case .conv1: return generator.conv1.conv.scaledModulationWeight
                case .toRGB1: return generator.toRGB1.conv.scaledModulationWeight
                case .conv(let j): return generator.convs[j].conv.scaledModulationWeight
                case .toRGB(let k): return generator.toRGBs[k].conv.scaledModulationWeight
                }
            }
            rowsOfA = weights.reduce(0) { $0 + $1.shape[0] }
            sefa = try SeFa.factorize(weights: weights, count: 10)
        }
        print(String(format: "  sefa       1024 px generator, all %d rows (%d StyledConvs, A [%d, %d]), top 10: %.3f s / %.3f s (target < 2 s); λ0 %.4g",
                     generator.nLatent, generator.layerMap.layers.filter(\.module.isStyledConv).count, rowsOfA, generator.styleDim, sefaTime.best, sefaTime.median,
                     sefa!.eigenvalues[0]))

        // GANSpace PCA of 10k mapped codes.
        let pcaSamples = 10_000
        var w = Tensor(zeros: [1, 1])
        let mapTime = try best { w = try generator.styles(z: Tensor.randomNormal(shape: [pcaSamples, generator.styleDim], seed: 5)) }
        var pca: PrincipalComponents?
        let pcaTime = try best { pca = try PrincipalComponents(codes: w, count: 80) }
        print(String(format: "  pca        %d codes through the mapping: %.3f s; PCA (80 of %d components): %.3f s / %.3f s; 80 explain %.1f%%",
                     pcaSamples, mapTime.best, generator.styleDim, pcaTime.best, pcaTime.median,
                     100 * pca!.explainedVarianceRatio.reduce(0, +)))
    }
}
