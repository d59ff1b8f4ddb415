import ArgumentParser
import Directions
import Foundation
import JSONCodec
import TensorCore

extension DirectionsCommand {
    /// `restyle-edit directions train-boundary`: an InterFaceGAN boundary from labelled codes, written as a plugin.
    struct TrainBoundary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-boundary",
            abstract: "Train an InterFaceGAN boundary (linear SVM) on scored latent codes and write it as a plugin.",
            discussion: """
                Codes: .npy [N, D] (W) or [N, n_styles, D] (W+), or a directory of per-sample .npy codes stacked in \
                file-name order (what `restyle-edit generate --count N --codes-only` writes). Scores, in the same order: .npy [N] or [N, 1], or a text file \
                (.csv/.txt/.tsv) with one number per line, or columns with --score-column NAME|INDEX (a non-numeric \
                first line is a header). NaN or empty scores are dropped and counted (an error past \
                --max-nan-fraction). The top and bottom --ratio of the ranked samples are the positive and negative \
                sets; each is split --train-split / rest (seeded shuffle) for training and validation.
                """)

        enum RowMode: String, EnumerableFlag {
            case perRow, rowMean
            static func help(for value: RowMode) -> ArgumentHelp? {
                value == .perRow ? "W+ codes: one boundary per row (a [n_styles, D] direction)."
                    : "W+ codes: one boundary on the mean of the rows (a [1, D] direction; default)."
            }
        }

        @Option(help: ArgumentHelp("Latent codes (.npy, or a directory of per-sample .npy codes).", valueName: "path"), completion: .file()) var latents: String
        @Option(help: ArgumentHelp("Scores (.npy or .csv/.txt).", valueName: "file"), completion: .file()) var scores: String
        @Option(help: ArgumentHelp("Column of a multi-column score file (header name or 0-based index).", valueName: "column"))
        var scoreColumn: String?
        @Option(help: "Name of the plugin.") var name: String
        @Option(parsing: .unconditional, help: "Fraction of samples kept at each end, in (0, 0.5].") var ratio: Double = 0.02
        @Option(parsing: .unconditional, help: "Fraction of each class used for training, in (0, 1).") var trainSplit: Double = 0.7
        @Option(parsing: .unconditional, help: "SVM cost C.") var cost: Double = 1
        @Option(parsing: .unconditional, help: "Seed of the train/validation shuffle.") var seed: Int64 = 0
        @Flag var rowMode: RowMode = .rowMean
        @Option(parsing: .upToNextOption, help: ArgumentHelp(
            "Existing directions to project out (conditional manipulation).", valueName: "name"))
        var condition: [String] = []
        @Option(parsing: .unconditional, help: "Largest fraction of NaN scores that are dropped.") var maxNanFraction: Double = 0.1
        @Option(help: "Default W+ rows recorded in the manifest (e.g. 0-7).") var layers: String?
        @Option(help: "Description recorded in the manifest.") var description: String?
        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Directory to write the plugin into (default: the first searched directory: --directions, $RESTYLE_DIRECTIONS, else ~/.local/share/restyle-edit/directions).",
                                   valueName: "dir")) var output: String?
        @OptionGroup var search: DirectionSearchOptions
        @Flag(help: "Replace an existing plugin of that name.") var overwrite = false

        func run() throws {
            try DirectionName.validate(name)
            let layerRange = try layers.map { try LayerRange(parsing: $0) }
            let codesURL = URL(fileURLWithPath: latents), scoresURL = URL(fileURLWithPath: scores)
            let codes = try AuthoringInput.codes(codesURL)
            let values = try AuthoringInput.scores(scoresURL, column: scoreColumn)
            let outputDirectory = AuthoringSupport.outputDirectory(output, search: search, checkpoint: nil)

            var conditions: [(name: String, vector: Tensor)] = []
            if !condition.isEmpty {
                var explicit = search.directories.map { URL(fileURLWithPath: $0) }
                if !explicit.contains(where: { $0.standardizedFileURL == outputDirectory.standardizedFileURL }),
                   FileManager.default.fileExists(atPath: outputDirectory.path) {
                    explicit.append(outputDirectory)
                }
                let path = DirectionLibrary.searchPath(explicit: explicit, environment: ProcessInfo.processInfo.environment,
                                                       modelDirectory: nil)
                let library = DirectionLibrary(directories: path)
                for c in condition {
                    let d = try library.direction(named: c)
                    conditions.append((d.name, d.vector))
                }
            }

            if rowMode == .perRow && codes.rank == 2 {
                throw ValidationError("--per-row needs W+ codes [N, n_styles, D]; \(codesURL.path) holds W codes \(codes.shape) (one row each): drop --per-row")
            }
            let options = BoundaryTraining.Options(ratio: ratio, trainSplit: trainSplit, cost: cost, seed: UInt64(bitPattern: seed),
                                                   maxNaNFraction: maxNanFraction,
                                                   rowMode: rowMode == .perRow ? .perRow : .rowMean)
            let result = try BoundaryTraining.train(codes: codes, scores: values, options: options, conditions: conditions,
                                                    codesFile: codesURL.path, scoresFile: scoresURL.path)
            let s = result.selection
            let isWPlus = codes.rank == 3
            var provenance: [(String, JSONValue)] = [
                ("latents", .string(codesURL.standardizedFileURL.path)),
                ("scores", .string(scoresURL.standardizedFileURL.path)),
                ("codes_shape", .array(codes.shape.map { .int(Int64($0)) })),
                ("samples", .int(Int64(values.count))),
                ("nan_scores_dropped", .int(Int64(s.droppedNaN))),
                ("positives", .int(Int64(s.perClass))), ("negatives", .int(Int64(s.perClass))),
                ("train_samples", .int(Int64(s.trainPositive.count + s.trainNegative.count))),
                ("validation_samples", .int(Int64(s.validationPositive.count + s.validationNegative.count))),
                ("validation_accuracy", .double(result.meanValidationAccuracy)),
                ("ratio", .double(ratio)), ("train_split", .double(trainSplit)), ("cost", .double(cost)),
                ("seed", .int(Int64(seed))), ("solver", .string(result.solver == .dual ? "liblinear L2R_L2LOSS_SVC_DUAL" : "liblinear L2R_L2LOSS_SVC")),
                ("conditions", .array(conditions.map { .string($0.name) })),
                ("created", .string(AuthoredPlugin.timestamp())),
            ]
            if isWPlus { provenance.insert(("rows", .string(options.rowMode.rawValue)), at: 3) }
            if result.validationAccuracies.count > 1 {
                provenance.append(("validation_accuracy_per_row", .array(result.validationAccuracies.map { .double($0) })))
            }
            let manifest = DirectionManifest(
                name: name, file: "direction.npy", description: description, space: result.direction.shape[0] == 1 ? .w : .wPlus,
                layers: layerRange, defaultStrength: 1, mode: .add, method: "interfacegan",
                provenance: .object(JSONObject(provenance)))
            let folder = try AuthoredPlugin.writeVector(result.direction, manifest: manifest, into: outputDirectory, overwrite: overwrite)
            print("positives \(s.perClass), negatives \(s.perClass) of \(s.validCount) scored samples"
                  + (s.droppedNaN > 0 ? " (\(s.droppedNaN) NaN scores dropped)" : ""))
            print(String(format: "validation accuracy %.4f", result.meanValidationAccuracy)
                  + (conditions.isEmpty ? "" : "; conditioned on \(conditions.map(\.name).joined(separator: ", "))"))
            print("wrote \(name) → \(folder.path)")
        }
    }
}
