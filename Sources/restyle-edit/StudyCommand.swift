import ArgumentParser
import Foundation
import Workflows
import Studies

/// `restyle-edit study run|merge|report`: scripted editability studies (see `Studies.StudyRunner`).
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Run an editability study from a JSON file; merge shards; rebuild a report.",
        subcommands: [Run.self, Merge.self, Report.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a study file (resumable: finished cells are skipped on a re-run).",
            discussion: """
            Writes results.csv (one row per measurement), summary.json (means with 95% bootstrap CIs) and \
            report.html to the study's output directory. A cell is one image × inverter; each finished cell is \
            appended to results.partial.csv and cells.tsv, so an interrupted run resumes where it stopped. \
            --shard K/N runs every N-th cell (merge the shard directories with `study merge`).
            """)
        @Argument(help: "The study file (JSON).", completion: .file(extensions: ["json"])) var study: String
        @Option(help: "Run shard K of N (K/N, 1-based).") var shard: String?
        @Option(parsing: .unconditional, help: "Use only the first N images.") var limit: Int?
        @Option(name: [.customShort("o"), .long], help: "Output directory (overrides the study's \"output\").") var output: String?
        @Option(parsing: .unconditional, help: "Cells measured at once (each on its own thread; raise only where memory allows).") var jobs: Int = 2
        @OptionGroup var alignment: AlignmentOptions
        @Option(help: ArgumentHelp("Attribute network (attributes.pt) for the attribute metrics; default: the shipped model's, when present.",
                                   valueName: "file"), completion: .file(extensions: ["pt"])) var attributes: String?

        func run() throws {
            let spec = try StudySpec(contentsOf: URL(fileURLWithPath: study), shippedEncoder: Self.shippedEncoder)
            let shard = try self.shard.map(StudyShard.init(parsing:)) ?? .whole
            let attributesFile = attributes.map { URL(fileURLWithPath: $0) } ?? Self.shippedAttributeNetwork()
            let network = try attributesFile.map { file in try ShippedModel.loading(file) { try AttributeNet(contentsOf: file) } }
            let runner = StudyRunner(spec: spec, attributeNetwork: network)
            runner.preprocess = StudyAlignment(flag: alignment.align, modelPath: alignment.model.path).preprocess
            var reporter: ProgressReporter? = nil
            let started = Date()
            runner.progress = { p in
                if reporter == nil {
                    reporter = ProgressReporter(total: p.total - p.resumed, label: "cells", start: started)
                    if p.resumed > 0 { reporter?.note("resuming: \(p.resumed) cell(s) already done") }
                }
                reporter?.advance(item: p.cell.description, ok: p.ok)
            }
            _ = try spec.checkInputs()                                   // input errors first, before any notes
            if let attributesFile, attributes == nil { printError("note: attribute network \(attributesFile.path)") }
            if attributes != nil && !spec.metrics.contains(where: \.needsAttributeNetwork) {
                printError("warning: --attributes is given, but none of the study's metrics (\(spec.metrics.map(\.rawValue).joined(separator: ", "))) uses the attribute network")
            }
            for note in runner.notes { printError("note: \(note)") }
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
            let result = try runner.run(shard: shard, limit: limit, output: output.map { URL(fileURLWithPath: $0) }, jobs: jobs)
            for bad in result.badImages { printError("skipped \(bad.key.image): \(bad.note)") }
            print("\(result.cells) cells (\(result.computed) computed, \(result.resumed) already done) → \(result.output.path)/report.html")
            if result.badImages.count >= result.cells {
                throw CLIError("every one of the \(result.cells) cell(s) failed (see the skipped images above); nothing was measured")
            }
        }

        /// The shipped encoder an inverter's `"encoder"` names (e4e, psp); an error listing them otherwise.
        static func shippedEncoder(_ name: String) throws -> URL {
            guard let kind = ShippedEncoder(rawValue: name) else {
                throw CLIError("unknown shipped encoder \"\(name)\"; the shipped ones are " + ShippedEncoder.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return try ShippedModel.encoderCheckpoint(kind)
        }

        /// `attributes.pt` of the shipped model (`ShippedModel.directories()`), when it exists.
        static func shippedAttributeNetwork() -> URL? {
            ShippedModel.checkpoint(named: "attributes.pt")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Combine shard output directories; write results, summary and report.")
        @Argument(help: "Shard output directories.", completion: .directory) var directories: [String]
        @Option(help: "Merged output directory.") var output: String

        func run() throws {
            let out = URL(fileURLWithPath: output)
            let n = try StudyOutput.merge(directories.map { URL(fileURLWithPath: $0) }, into: out)
            print("\(n) cells from \(directories.count) director\(directories.count == 1 ? "y" : "ies") → \(out.path)/report.html")
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rebuild results.csv, summary.json and report.html of an output directory.")
        @Argument(help: "A study output directory.", completion: .directory) var directory: String

        func run() throws {
            let dir = URL(fileURLWithPath: directory)
            try StudyOutput.rebuild(directory: dir)
            print(dir.appendingPathComponent("report.html").path)
        }
    }
}
