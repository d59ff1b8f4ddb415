import ArgumentParser
import Directions
import Foundation
import JSONCodec
import StyleGAN2
import TensorCore

extension DirectionsCommand {
    /// `restyle-edit directions sefa`: closed-form factorisation of the generator's style-modulation weights.
    struct SeFaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sefa",
            abstract: "SeFa: directions from the eigenvectors of the chosen layers' style-modulation weights.",
            discussion: """
                The modulation matrices [C, D] of the StyledConvs fed by the chosen W+ rows (row 0: conv1; row 1: \
                convs.0 (and to_rgb1); row 2k+2: convs.(2k+1); row 2k+3: convs.(2k+2) (and to_rgbs.k); the last row \
                feeds only the last ToRGB), plus the ToRGBs with --include-torgb, are stacked, each output channel's \
                weight vector is scaled to unit length, and the top --count eigenvectors of AᵀA become plugins \
                PREFIX0 … PREFIX(K-1) (space w, default layers = the chosen rows, eigenvalue in the provenance).
                """)

        @OptionGroup var model: ModelOptions
        @Option(help: "W+ rows whose modulation weights are factorised (e.g. 0-1, 2-5, all).") var layers: String = "all"
        @Option(parsing: .unconditional, help: "Number of directions (top eigenvectors).") var count: Int = 5
        @Flag(help: "Also factorise the ToRGB layers' modulation weights (SeFa's reference code uses the StyledConvs only).")
        var includeTorgb = false
        @Option(name: [.customLong("name"), .customLong("name-prefix")], help: ArgumentHelp(
            "Plugin names are NAME0, NAME1, … (--name-prefix is the old spelling).", valueName: "name")) var namePrefix: String = "sefa"
        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Directory to write the plugins into (default: the first searched directory: --directions, $RESTYLE_DIRECTIONS, else ~/.local/share/restyle-edit/directions).",
                                   valueName: "dir")) var output: String?
        @OptionGroup var search: DirectionSearchOptions
        @Flag(help: "Replace existing plugins of the same names.") var overwrite = false

        func run() throws {
            let url = try model.checkpointURL()
            let generator = try Generator(contentsOf: url)
            let range = try LayerRange(parsing: layers, styleCount: generator.nLatent)
            let rows = try range.rows(styleCount: generator.nLatent)
            try DirectionName.validate("\(namePrefix)\(max(count - 1, 0))")
            guard count >= 1 && count <= generator.styleDim else {
                throw ValidationError("--count must be 1…\(generator.styleDim) (the style dimension), got \(count)")
            }
            let modules = AuthoringSupport.modulationWeights(generator, rows: Set(rows), includeToRGB: includeTorgb)
            guard !modules.isEmpty else {
                throw ValidationError("rows \(range.description) feed no StyledConv (row \(generator.nLatent - 1) feeds only the last ToRGB); choose other rows or pass --include-torgb")
            }
            let result = try SeFa.factorize(weights: modules.map(\.weight), count: count)
            let outputDirectory = AuthoringSupport.outputDirectory(output, search: search, checkpoint: url)
            // All names are checked before any plugin is written, so a clash leaves no partial set behind.
            if !overwrite {
                for k in 0..<count {
                    let target = outputDirectory.appendingPathComponent("\(namePrefix)\(k)")
                    if FileManager.default.fileExists(atPath: target.path) { throw DirectionError.pluginExists(path: target.path) }
                }
            }
            let d = generator.styleDim
            let created = AuthoredPlugin.timestamp()
            for k in 0..<count {
                let name = "\(namePrefix)\(k)"
                let vector = Tensor(shape: [1, d], values: Array(result.directions.scalars[(k * d)..<((k + 1) * d)]))
                let provenance: JSONValue = .object(JSONObject([
                    ("checkpoint", .string(url.standardizedFileURL.path)),
                    ("rows", .string(range.description)),
                    ("modules", .array(modules.map { .string($0.module.name) })),
                    ("include_torgb", .bool(includeTorgb)),
                    ("weights", .string("modulation.weight x 1/sqrt(D), each output channel normalised; eigenvectors of A^T A")),
                    ("component", .int(Int64(k))), ("count", .int(Int64(count))),
                    ("eigenvalue", .double(Double(result.eigenvalues[k]))),
                    ("eigenvalues", .array(result.eigenvalues.map { .double(Double($0)) })),
                    ("created", .string(created)),
                ]))
                let manifest = DirectionManifest(
                    name: name, file: "direction.npy", description: "SeFa component \(k) of rows \(range.description)",
                    space: .w, layers: range.isAll ? nil : range, defaultStrength: 1, mode: .add, method: "sefa",
                    provenance: provenance)
                let folder = try AuthoredPlugin.writeVector(vector, manifest: manifest, into: outputDirectory, overwrite: overwrite)
                print(String(format: "%@  eigenvalue %.6g  → %@", name, result.eigenvalues[k], folder.path))
            }
        }
    }
}
