import ArgumentParser

/// One `--direction NAME` and the `--strength`, `--layers` and `--sweep` values that follow it on the command line
/// (before the next `--direction`): values belong to the direction before them, never to one found by counting.
struct DirectionArguments: Equatable {
    var name: String
    var strength: String?
    var layers: String?
    var sweep: String?

    /// The options that attach to the `--direction` before them.
    static let attachedOptions = ["--strength", "--layers", "--sweep"]

    /// Groups `arguments` (the command line after the program name) by `--direction`. A value before any
    /// `--direction`, two values of one option for one direction, or `--strength` with `--sweep` on one direction is
    /// a usage error naming it.
    static func group(_ arguments: [String]) throws -> [DirectionArguments] {
        var groups: [DirectionArguments] = []
        var i = 0
        func value(_ option: String, _ token: String) throws -> String {
            if token.hasPrefix(option + "=") { return String(token.dropFirst(option.count + 1)) }
            i += 1
            guard i < arguments.count else { throw ValidationError("\(option) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            let token = arguments[i]
            if token == "--" { break }
            if token == "--direction" || token.hasPrefix("--direction=") {
                groups.append(DirectionArguments(name: try value("--direction", token)))
            } else if let option = attachedOptions.first(where: { token == $0 || token.hasPrefix($0 + "=") }) {
                let v = try value(option, token)
                guard var current = groups.last else {
                    throw ValidationError("\(option) \(v) comes before any --direction: write it after the --direction it belongs to")
                }
                let name = current.name
                switch option {
                case "--strength":
                    if let old = current.strength { throw ValidationError("--direction \(name) has two --strength values (\(old), \(v))") }
                    current.strength = v
                case "--layers":
                    if let old = current.layers { throw ValidationError("--direction \(name) has two --layers values (\(old), \(v))") }
                    current.layers = v
                default:
                    if let old = current.sweep { throw ValidationError("--direction \(name) has two --sweep values (\(old), \(v))") }
                    current.sweep = v
                }
                if current.strength != nil && current.sweep != nil {
                    throw ValidationError("--direction \(name) has both --strength and --sweep: give one (the sweep's strengths replace the strength)")
                }
                groups[groups.count - 1] = current
            }
            i += 1
        }
        let swept = groups.indices.filter { groups[$0].sweep != nil }
        if swept.count > 1 {
            throw ValidationError("--sweep is given for \(swept.map { groups[$0].name }.joined(separator: " and ")): sweep one direction per run")
        }
        if let s = swept.first, s != groups.count - 1 {
            throw ValidationError("--sweep belongs to --direction \(groups[s].name), which is not the last: the swept direction must come last (edits compose in order)")
        }
        return groups
    }
}
