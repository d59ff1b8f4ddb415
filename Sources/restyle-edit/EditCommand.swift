import ArgumentParser
import Checkpoints
import Directions
import Editing
import Foundation
import Workflows
import StyleGAN2

/// `restyle-edit edit CODES.npy --direction …`: edits W+ codes that were already inverted.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit W+ codes that were already inverted (no encoder needed) and regenerate.",
        discussion: """
        CODES.npy holds [n_styles, D] or [N, n_styles, D] W+ codes (as written by invert), ReStyle's \
        latents.npy, or with --w [N, D] W codes. Codes whose row count is not the model's are refused. Writes <stem>.<edit>.png and <stem>.<edit>.npy per edited code; with --sweep one \
        image per strength and a grid <stem>.<direction>.sweep.png (inversion | strengths).
        """)

    @Argument(help: "W+ codes (.npy).", completion: .file())
    var codes: String

    @OptionGroup var model: ModelOptions
    @OptionGroup var precision: PrecisionOptions
    @OptionGroup var search: DirectionSearchOptions
    @OptionGroup var editing: EditOptions

    @Flag(help: "Read a 2-D array [N, D] as N W codes (without it, [n_styles, D] is one W+ code and other N are refused).")
    var w = false

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String = "edited"

    @Flag(help: "Also write each edited image as float [3, H, W] (<stem>.<edit>.raw.npy).")
    var raw = false

    func validate() throws { try editing.validateSyntax() }

    func run() throws { try precision.run(execute) }

    private func execute() throws {
        let started = Date()
        let dir = try OutputDirectory.prepare(output)
        try search.reportMissingDirectories()
        let checkpoint = try model.checkpointURL()
        let generator = try ShippedModel.loading(checkpoint) { try Generator(contentsOf: checkpoint) }
        let library = search.library(checkpoint: checkpoint, styleCount: generator.nLatent, styleDim: generator.styleDim)
        let (edits, sweep) = try editing.edits(library: library, styleCount: generator.nLatent, styleDim: generator.styleDim)
        let jobs = try CodeJob.fromLatentFile(URL(fileURLWithPath: codes), generator: generator, wCodes: w)
        let renderer = EditRenderer(generator: generator, edits: edits, sweep: sweep, raw: raw)
        let progress = ProgressReporter(total: jobs.count, label: "codes")
        for job in jobs {
            try renderer.render(codes: job.wPlus, stem: job.name, input: nil, inversion: nil, into: dir)
            progress.advance(item: job.name)
        }
        printError("edited \(jobs.count) code\(jobs.count == 1 ? "" : "s") into \(dir.path) in "
                   + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }
}
