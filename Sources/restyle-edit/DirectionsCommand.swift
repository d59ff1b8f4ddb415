import ArgumentParser
import Directions
import Foundation
import Workflows
import JSONCodec
import StyleGAN2

/// `restyle-edit directions list|show|validate|import`.
struct DirectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directions",
        abstract: "List, inspect, validate, import and author direction plugins.",
        subcommands: [List.self, Show.self, Validate.self, Import.self, TrainBoundary.self, SeFaCommand.self, PCACommand.self])

    /// The model's W+ shape when a checkpoint is given or shipped (nil otherwise).
    static func modelShape(_ model: ModelOptions) throws -> (checkpoint: URL, styleCount: Int, styleDim: Int)? {
        guard let url = model.checkpoint.map({ URL(fileURLWithPath: $0) }) ?? ShippedModel.generatorCheckpoint() else { return nil }
        let g = try Generator(contentsOf: url)
        return (url, g.nLatent, g.styleDim)
    }

    static func printProblems(_ library: DirectionLibrary) {
        for p in library.problems { printError("problem: \(p)") }
        for s in library.shadowed { printError("shadowed: \(s.name) at \(s.path) (by \(s.shadowedBy))") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Directions found on the search path.")
        @OptionGroup var model: ModelOptions
        @OptionGroup var search: DirectionSearchOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let shape = try DirectionsCommand.modelShape(model)
            let library = search.library(checkpoint: shape?.checkpoint, styleCount: shape?.styleCount, styleDim: shape?.styleDim)
            let rows = library.entries.map { e -> [String] in
                [e.displayName, e.method ?? "-", e.space.rawValue, e.defaultLayers.description,
                 EditNameText.strength(e.defaultStrength), e.location.path]
            }
            if json {
                let value = JSONValue.array(library.entries.map { e in
                    .object(JSONObject([
                        ("name", .string(e.displayName)), ("method", e.method.map(JSONValue.string) ?? .null),
                        ("space", .string(e.space.rawValue)), ("layers", .string(e.defaultLayers.description)),
                        ("default_strength", .double(Double(e.defaultStrength))), ("mode", .string(e.mode.rawValue)),
                        ("dimension", .int(Int64(e.dimension))), ("rows", .int(Int64(e.rowCount))),
                        ("source", .string(e.location.path)),
                    ]))
                })
                print(value.serialized(pretty: true))
            } else {
                print(TextTable.render(header: ["name", "method", "space", "layers", "strength", "source"], rows: rows))
                if library.entries.isEmpty { print("(no directions; search path: \(library.searchDirectories.map(\.url.path).joined(separator: ", ")))") }
            }
            DirectionsCommand.printProblems(library)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A direction's manifest, norm and per-row norms.")
        @Argument(help: "Direction name (NAME#k for a GANSpace component).") var name: String
        @OptionGroup var model: ModelOptions
        @OptionGroup var search: DirectionSearchOptions

        func run() throws {
            let shape = try DirectionsCommand.modelShape(model)
            let library = search.library(checkpoint: shape?.checkpoint, styleCount: shape?.styleCount, styleDim: shape?.styleDim)
            let d = try library.direction(named: name)
            print(d.resolvedManifest.json.serialized(pretty: true))
            print("vector: \(d.source.path), shape [\(d.rowCount), \(d.dimension)], norm \(d.norm)")
            let norms = d.rowNorms
            if norms.count > 1 {
                print("row norms:")
                for (i, n) in norms.enumerated() { print(String(format: "  row %2d  %.6f", i, n)) }
            }
            if let g = d.ganspace {
                print("GANSpace component \(g.index) of \(g.componentCount), std \(g.standardDeviation)")
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a plugin directory (or one plugin) against a model; exits non-zero on problems.")
        @Argument(help: "Plugin directory or plugin folder.", completion: .directory) var directory: String
        @OptionGroup var model: ModelOptions
        @Option(parsing: .unconditional, help: "W+ rows of the model (instead of --checkpoint).") var styles: Int?
        @Option(parsing: .unconditional, help: "Style dimension of the model (instead of --checkpoint).") var styleDim: Int?

        func run() throws {
            let count: Int, dim: Int
            if let styles, let styleDim {
                (count, dim) = (styles, styleDim)
            } else if let shape = try DirectionsCommand.modelShape(model) {
                (count, dim) = (shape.styleCount, shape.styleDim)
            } else {
                throw CLIError("validate needs the model: pass --checkpoint FILE, or --styles N --style-dim D")
            }
            let library = DirectionLibrary.validate(directory: URL(fileURLWithPath: directory), styleCount: count, styleDim: dim)
            for e in library.entries { print("ok       \(e.displayName)  (\(e.location.path))") }
            for p in library.problems { print("problem  \(p)") }
            print("\(library.entries.count) usable, \(library.problems.count) problems (model: \(count) W+ rows × \(dim))")
            if !library.isValid { throw ExitCode(1) }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Wrap a bare .npy/.pt direction file into a plugin folder.")
        @Argument(help: "The direction file.", completion: .file()) var file: String
        @Option(help: "Plugin name.") var name: String
        @Option(help: "Default W+ rows (inclusive ranges, e.g. 4-5 or 0-3,8).") var layers: String?
        @Option(help: "Description.") var description: String?
        @Option(parsing: .unconditional, help: "Component index, for a GANSpace PCA file.") var component: Int?
        @Option(help: "Method recorded in the manifest (interfacegan, ganspace, sefa, …).") var method: String?
        @Option(name: [.customShort("o"), .long], help: ArgumentHelp(
            "Plugin directory to write into (default: the first searched directory: --directions, $RESTYLE_DIRECTIONS, else ~/.local/share/restyle-edit/directions).",
            valueName: "dir")) var output: String?
        @Option(help: .hidden) var into: String?
        @OptionGroup var search: DirectionSearchOptions
        @Flag(help: "Replace an existing plugin of that name.") var overwrite = false

        func run() throws {
            let target = AuthoringSupport.outputDirectory(output ?? into, search: search, checkpoint: nil)
            let folder = try DirectionLibrary.importFile(
                URL(fileURLWithPath: file), name: name, layers: try layers.map { try LayerRange(parsing: $0) },
                description: description, component: component, method: method,
                into: target, overwrite: overwrite)
            let onPath = DirectionLibrary.searchPath(explicit: search.directories.map { URL(fileURLWithPath: $0) },
                                                     environment: ProcessInfo.processInfo.environment, modelDirectory: nil)
                .contains { $0.url.standardizedFileURL == target.standardizedFileURL }
            print("imported \(name) → \(folder.path)")
            print(onPath ? "use it with --direction \(name) (\(target.path) is searched)"
                  : "use it with --directions \(target.path) --direction \(name)")
        }
    }
}

/// Strength formatting shared by the tables.
enum EditNameText {
    static func strength(_ s: Float) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}

/// A plain left-aligned text table.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
