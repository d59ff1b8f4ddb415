import ArgumentParser
import Directions
import Editing
import Foundation

/// The edits of a command line: repeatable `--direction NAME --strength S [--layers R]` triples
/// (paired in order), an optional `--sweep` for the last direction, and `--center`.
struct EditOptions: ParsableArguments {
    @Option(name: .customLong("direction"), help: ArgumentHelp(
        "Direction name (repeatable; GANSpace components as NAME#k).", valueName: "name"))
    var directions: [String] = []

    @Option(name: .customLong("strength"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Strength of the matching --direction (repeatable; default: the direction's own).", valueName: "s"))
    var strengths: [String] = []

    @Option(name: .customLong("layers"), help: ArgumentHelp(
        "W+ rows of the matching --direction, inclusive: 0-17, 4-5, 0-3,8 (default: the direction's own).",
        valueName: "rows"))
    var layers: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Strengths for the last --direction as start:stop:count (e.g. -3:3:7) or a list (0,1,2).",
        valueName: "sweep"))
    var sweep: String?

    @Flag(help: "Remove each code's current projection on a direction before adding it (InterFaceGAN).")
    var center = false

    /// Checks that only need the command line (before any model is loaded).
    func validateSyntax() throws {
        guard !directions.isEmpty else { throw ValidationError("give at least one --direction NAME") }
        guard strengths.count <= directions.count else {
            throw ValidationError("\(strengths.count) --strength values for \(directions.count) --direction names")
        }
        guard layers.count <= directions.count else {
            throw ValidationError("\(layers.count) --layers values for \(directions.count) --direction names")
        }
        for s in strengths {
            guard let v = Float(s), v.isFinite else { throw ValidationError("--strength '\(s)' is not a finite number") }
        }
        for l in layers { _ = try LayerRange(parsing: l) }
        if let sweep { _ = try StrengthSweep(parsing: sweep) }
    }

    /// The edits in command-line order, validated against the model (before any work starts).
    /// With `--sweep`, the last edit's strength is a placeholder that the sweep replaces.
    func edits(library: DirectionLibrary, styleCount: Int, styleDim: Int) throws -> (edits: [Edit], sweep: [Float]?) {
        try validateSyntax()
        var edits: [Edit] = []
        for (i, name) in directions.enumerated() {
            let direction = try library.direction(named: name)
            let strength = i < strengths.count ? Float(strengths[i])! : direction.defaultStrength
            let rows = i < layers.count ? try LayerRange(parsing: layers[i], styleCount: styleCount) : nil
            let edit = try Edit(direction: direction, strength: strength, layers: rows,
                                center: center && direction.mode == .add)
            try edit.validate(styleCount: styleCount, styleDim: styleDim)
            edits.append(edit)
        }
        let strengths = try sweep.map { try StrengthSweep(parsing: $0).strengths }
        return (edits, strengths)
    }
}
