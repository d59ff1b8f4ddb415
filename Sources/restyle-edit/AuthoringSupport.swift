import Directions
import Foundation
import Workflows
import StyleGAN2
import TensorCore

/// Shared pieces of `directions train-boundary|sefa|pca`.
enum AuthoringSupport {
    /// `--output`, else the first directory of the direction search path (`--directions`, `$RESTYLE_DIRECTIONS`,
    /// the user's directory `~/.local/share/restyle-edit/directions`), so what is written is found by `edit` and
    /// `directions list`.
    static func outputDirectory(_ output: String?, search: DirectionSearchOptions, checkpoint: URL?) -> URL {
        if let output { return URL(fileURLWithPath: output, isDirectory: true) }
        let path = DirectionLibrary.searchPath(explicit: search.directories.map { URL(fileURLWithPath: $0) },
                                               environment: ProcessInfo.processInfo.environment,
                                               modelDirectory: checkpoint?.deletingLastPathComponent())
        return path.first?.url ?? URL(fileURLWithPath: "directions", isDirectory: true)
    }

    /// The style-modulation matrices `[C, D]` (stored `modulation.weight` × 1/√D) of the StyledConvs (and, with
    /// `includeToRGB`, the ToRGBs) fed by `rows`, in synthesis order (`StyleLayerMap`: row 0 → conv1; row 1 → to_rgb1,
    /// convs.0; row 2k+2 → convs.(2k+1); row 2k+3 → convs.(2k+2), to_rgbs.k; the last row → the last ToRGB only).
    static func modulationWeights(_ generator: Generator, rows: Set<Int>, includeToRGB: Bool) -> [(module: GeneratorModule, weight: Tensor)] {
        generator.layerMap.layers.filter { rows.contains($0.row) && (includeToRGB || $0.module.isStyledConv) }.map { layer in
            let conv: ModulatedConv
            switch layer.module {
            case .conv1: conv = generator.conv1.conv
            case .toRGB1: conv = generator.toRGB1.conv
            case .conv(let j): conv = generator.convs[j].conv
            case .toRGB(let k): conv = generator.toRGBs[k].conv
            }
            return (layer.module, conv.scaledModulationWeight)
        }
    }

    /// N codes W = mapping(z), z ~ N(0, I) drawn in chunks of 4096 rows, chunk c from seed `seed + c`
    /// (so the codes do not depend on threading). Returns `[N, D]`.
    static func sampleW(_ generator: Generator, count: Int, seed: UInt64, truncation: Float = 1) throws -> Tensor {
        let d = generator.styleDim, chunk = 4096
        var values = [Float]()
        values.reserveCapacity(count * d)
        var c: UInt64 = 0
        while values.count < count * d {
            let rows = min(chunk, count - values.count / d)
            let z = Tensor.randomNormal(shape: [rows, d], seed: seed &+ c)
            values += try generator.styles(z: z, truncation: truncation).scalars
            c += 1
            if count > chunk { printError("sampled \(values.count / d)/\(count) codes") }
        }
        return Tensor(shape: [count, d], values: values)
    }
}
