import ArgumentParser
import Foundation

/// `main`: checks the command line for mistyped subcommands and options (with a suggestion), runs the command,
/// and reports every error the same way — `restyle-edit: error: …`, the subcommand's usage for usage errors — with
/// exit code 64 for usage errors and 1 for failed work.
@main
enum CommandLineEntry {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            try CommandLineSpelling.check(arguments)
            var command = try RestyleEdit.parseAsRoot(arguments)
            try command.run()
        } catch {
            report(error)
        }
    }

    static func report(_ error: Error) -> Never {
        let code = RestyleEdit.exitCode(for: error)
        let text = RestyleEdit.fullMessage(for: error)
        if code == .success { RestyleEdit.exit(withError: error) }             // --help, --version: printed there
        if !text.isEmpty {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let first = lines.first {
                lines[0] = "restyle-edit: error: " + (first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first)
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        Foundation.exit(code.rawValue)
    }
}

/// Mistyped subcommands (`restyle-edit direction list`, which would otherwise be read as two image names) and
/// options (`--directon`) become usage errors that name the nearest correct spelling.
enum CommandLineSpelling {
    static let subcommands: [(name: String, command: ParsableCommand.Type)] = [
        ("edit-images", EditImagesCommand.self), ("invert", InvertCommand.self), ("align", AlignCommand.self), ("edit", EditCommand.self),
        ("directions", DirectionsCommand.self), ("generate", GenerateCommand.self), ("inspect", InspectCommand.self),
        ("study", StudyCommand.self), ("serve", ServeCommand.self),
    ]

    static func check(_ arguments: [String]) throws {
        guard let first = arguments.first else { return }
        var command: ParsableCommand.Type = EditImagesCommand.self
        if !first.hasPrefix("-") {
            if let known = subcommands.first(where: { $0.name == first }) {
                command = known.command
            } else if !FileManager.default.fileExists(atPath: first),
                      let near = nearest(first, among: subcommands.map(\.name)) {
                throw ValidationError("'\(first)' is neither a command nor an existing file: did you mean '\(near)'? (restyle-edit --help lists the commands)")
            }
        }
        // Options: every `--name` must be one the command (or one of its subcommands) knows.
        let known = knownOptions(of: command)
        for token in arguments.prefix(while: { $0 != "--" }) where token.hasPrefix("--") && token.count > 2 {
            let name = String(token.split(separator: "=", maxSplits: 1)[0])
            if known.contains(name) { continue }
            let hint = nearest(name, among: Array(known)).map { ": did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown option '\(name)'\(hint)")
        }
    }

    /// The long options named in a command's help (and its subcommands'), hidden ones included.
    static func knownOptions(of command: ParsableCommand.Type) -> Set<String> {
        var names: Set<String> = ["--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        var queue: [ParsableCommand.Type] = [command]
        while let c = queue.popLast() {
            let help = c.helpMessage(includeHidden: true, columns: 10_000)
            var i = help.startIndex
            while let r = help.range(of: "--", range: i..<help.endIndex) {
                var end = r.upperBound
                while end < help.endIndex, help[end].isLetter || help[end].isNumber || help[end] == "-" { end = help.index(after: end) }
                let name = String(help[r.lowerBound..<end])
                if name.count > 2 && !name.hasSuffix("-") { names.insert(name) }
                i = end
            }
            queue += c.configuration.subcommands
        }
        return names
    }

    /// The candidate within edit distance 2 (or of which `word` is a prefix), nil when none is close.
    static func nearest(_ word: String, among candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)? = nil
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d <= 2 && d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0 ?? candidates.first { $0.hasPrefix(word) && word.count >= 3 }
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
