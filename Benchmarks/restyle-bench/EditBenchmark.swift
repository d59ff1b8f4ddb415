import Checkpoints
import Directions
import Editing
import Foundation
import StyleGAN2
import TensorCore

/// `restyle-bench edit`: a 7-strength sweep of an already-inverted code at 1024 px, run as one batch,
/// against the generator alone on the same 7 codes (target: edit ≤ 1.1× generator-only per image).
struct EditBenchmark {
    var repeats = 3
    var size = 1024
    var strengths: [Float] = [-3, -2, -1, 0, 1, 2, 3]

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--repeat": repeats = try args.positiveInteger(flag)
            case "--size": size = try args.positiveInteger(flag)
            default: throw args.unknown(flag)
            }
        }
    }

    func run() throws {
        let config = try GeneratorConfiguration.standard(size: size)
        let generator = try Generator(randomWeightsFor: config, seed: 1)
        let n = generator.nLatent, d = generator.styleDim
        let codes = Tensor.randomNormal(shape: [n, d], seed: 2)                       // [n, D] "inverted" code
        var v = Tensor.randomNormal(shape: [1, d], seed: 3)
        let norm = v.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
        v = Tensor(shape: [1, d], values: v.scalars.map { $0 / norm })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-direction-\(getpid()).npy")
        try NumPyArrayFile.write(v, to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let direction = try DirectionFile.load(file, name: "bench")
        let edit = try Edit(direction: direction, strength: 1)
        let editor = LatentEditor(generator: generator)
        let batch = try editor.sweep(codes: codes, edit: edit, strengths: strengths)   // [S, n, D]

        print("restyle-bench edit: \(size) px generator (random weights), \(strengths.count)-strength sweep as one batch, \(repeats) runs after a warm-up")
        func best(_ body: () throws -> Void) rethrows -> Double {
            try body()
            var times: [Double] = []
            for _ in 0..<repeats {
                let t0 = Date()
                try body()
                times.append(Date().timeIntervalSince(t0))
            }
            return times.min()!
        }
        // Alternate the two measurements so machine load affects both alike.
        var generatorOnly = Double.infinity, edited = Double.infinity
        for _ in 0..<2 {
            generatorOnly = min(generatorOnly, try best { _ = try generator.synthesize(wPlus: batch) })
            edited = min(edited, try best {
                let b = try editor.sweep(codes: codes, edit: edit, strengths: strengths)
                _ = try generator.synthesize(wPlus: b)
            })
        }
        let k = Double(strengths.count)
        print(String(format: "  generator only (same %d codes): %.3f s per image", strengths.count, generatorOnly / k))
        print(String(format: "  sweep edit + regenerate:        %.3f s per image", edited / k))
        print(String(format: "  edit / generator-only: %.3fx (target ≤ 1.1x)", edited / generatorOnly))
    }
}
