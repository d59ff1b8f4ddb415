import ArgumentParser
import Directions
import Editing
import Foundation
import Workflows

/// The edits of a command line: repeatable `--direction NAME [--strength S] [--layers R] [--sweep a:b:n]`
/// groups, each value belonging to the `--direction` before it (`DirectionArguments`), and `--center`.
struct EditOptions: ParsableArguments {
    @Option(name: .customLong("direction"), help: ArgumentHelp(
        "Direction name (repeatable; GANSpace components as NAME#k). The --strength, --layers and --sweep after it are its own.",
        valueName: "name"))
    var directions: [String] = []

    @Option(name: .customLong("strength"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Strength of the --direction before it (default: the direction's own).", valueName: "s"))
    var strengths: [String] = []

    @Option(name: .customLong("layers"), help: ArgumentHelp(
        "W+ rows of the --direction before it: inclusive 0-17, 4-5, 0-3,8, or a Python slice 7:9 (end exclusive, = 7-8).",
        valueName: "rows"))
    var layers: [String] = []

    @Option(name: .customLong("sweep"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Strengths for the --direction before it (the last one) as start:stop:count (e.g. -3:3:7) or a list (0,1,2).",
        valueName: "sweep"))
    var sweeps: [String] = []

    @Flag(help: "Remove each code's current projection on a direction before adding it (InterFaceGAN; add-mode directions only).")
    var center = false

    /// The command line after the program name (the order of the options, which parsed arrays do not keep).
    var commandLine: [String] = Array(CommandLine.arguments.dropFirst())

    enum CodingKeys: String, CodingKey { case directions, strengths, layers, sweeps, center }

    /// The `--direction` groups in command-line order.
    func groups() throws -> [DirectionArguments] {
        let groups = try DirectionArguments.group(commandLine)
        // The scan and the parser must agree (they do unless the values were given in a form the scan does not know).
        guard groups.map(\.name) == directions, groups.compactMap(\.strength) == strengths,
              groups.compactMap(\.layers) == layers, groups.compactMap(\.sweep) == sweeps else {
            throw ValidationError("could not tell which --direction each --strength/--layers/--sweep belongs to: write each right after its --direction")
        }
        return groups
    }

    /// Checks that only need the command line (before any model is loaded).
    func validateSyntax() throws {
        guard !directions.isEmpty else { throw ValidationError("give at least one --direction NAME") }
        for group in try groups() {
            if let s = group.strength {
                guard let v = Float(s), v.isFinite else {
                    throw ValidationError("--strength '\(s)' of --direction \(group.name) is not a finite number")
                }
            }
            do {
                if let l = group.layers { _ = try LayerRange(parsing: l) }
                if let sweep = group.sweep { _ = try StrengthSweep(parsing: sweep) }
            } catch {
                throw ValidationError("--direction \(group.name): \(error)")
            }
        }
    }

    /// The edits in command-line order, validated against the model (before any work starts).
    /// With a sweep, the last edit's strength is a placeholder that the sweep replaces.
    /// `warn` receives one line per strength outside a direction's `strength_range`.
    func edits(library: DirectionLibrary, styleCount: Int, styleDim: Int,
               warn: (String) -> Void = { printError("warning: " + $0) }) throws -> (edits: [Edit], sweep: [Float]?) {
        try validateSyntax()
        var edits: [Edit] = []
        var sweep: [Float]? = nil
        for group in try groups() {
            if let s = group.sweep { sweep = try StrengthSweep(parsing: s).strengths }
            let spec = EditSpec(direction: group.name, strength: group.strength.map { Float($0)! }, layers: group.layers)
            do {
                edits.append(try spec.resolve(library: library, styleCount: styleCount, styleDim: styleDim, center: center,
                                              given: group.sweep != nil ? (sweep ?? []) : nil, warn: warn))
            } catch let error as WorkflowError {
                throw ValidationError(error.description)                             // a usage error (exit 64)
            }
        }
        return (edits, sweep)
    }
}
