import ArgumentParser
import Checkpoints
import Directions
import Editing
import Foundation
import Workflows
import ImageCodecs
import Inversion

/// The headline command: `restyle-edit IMAGE... --direction NAME --strength S`.
struct EditImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-images",
        abstract: "Invert photos with ReStyle, edit along directions, regenerate (the default command).",
        discussion: """
        restyle-edit face.jpg --direction smile --strength 2 is this command. Per image writes the \
        inversion <stem>.png and its codes <stem>.npy, and <stem>.<edit>.png / <stem>.<edit>.npy \
        for the edit(s); faces are detected and aligned first as the official align_faces_parallel.py does \
        (--align, the default for face checkpoints on images not already at the encoder's size; --no-align; \
        --landmarks), and --paste-back warps each result back into the photo (<stem>.<edit>.photo.png). Several --direction/--strength/--layers triples compose in order; --sweep \
        a:b:n renders every strength of the last direction in one batch plus a grid \
        <stem>.<direction>.sweep.png (input | inversion | one column per strength). Bad images are \
        reported and skipped; direction problems stop the run before any work starts.
        """)

    @Argument(help: "Images or directories of images (directories: their .png/.jpg/.jpeg files).", completion: .file())
    var inputs: [String]

    @OptionGroup var model: InversionModelOptions
    @OptionGroup var precision: PrecisionOptions
    @OptionGroup var encoder: EncoderOptions
    @OptionGroup var search: DirectionSearchOptions
    @OptionGroup var editing: EditOptions

    @Option(parsing: .unconditional, help: "ReStyle refinement steps.")
    var iterations: Int = 5

    @Option(help: ArgumentHelp("Landmarks JSON for FFHQ alignment.", valueName: "file"), completion: .file())
    var landmarks: String?

    @OptionGroup var alignment: AlignmentOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String = "edited"

    @Flag(help: "Also warp the inversion and each edit back into the original photo through the inverse of the face crop, with a feathered mask (<stem>.photo.png, <stem>.<edit>.photo.png); needs an aligned face (--align or --landmarks).")
    var pasteBack = false

    @Flag(help: "Also write each edited image as float [3, H, W] (<stem>.<edit>.raw.npy).")
    var raw = false

    @Flag(help: "Replace results of an earlier run in --output.")
    var overwrite = false

    func validate() throws {
        try editing.validateSyntax()
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
    }

    func run() throws { try precision.run(execute) }

    private func execute() throws {
        let started = Date()
        let dir = try OutputDirectory.prepare(output)
        try search.reportMissingDirectories()
        let files = try InputImages.expand(inputs)
        guard !files.isEmpty else { throw CLIError("no input images in \(inputs.joined(separator: ", "))") }
        let stems = InputImages.stems(for: files)
        try OutputDirectory.refuseExisting(stems.flatMap { [$0 + ".npy", $0 + ".png"] }, in: dir, overwrite: overwrite)
        let checkpoint = try model.checkpointURL()
        printError("loading \(checkpoint.lastPathComponent) …")
        let restyle = try ShippedModel.loading(checkpoint) { try ReStyleModel(contentsOf: checkpoint, encoderType: encoder.type, stageStarts: encoder.starts()) }
        let generator = restyle.generator
        let library = search.library(checkpoint: checkpoint, styleCount: generator.nLatent, styleDim: generator.styleDim)
        let (edits, sweep) = try editing.edits(library: library, styleCount: generator.nLatent, styleDim: generator.styleDim)
        var options = restyle.defaultOptions
        options.iterations = iterations
        let inverter = try PhotoInverter(model: restyle, options: options, landmarks: landmarks.map { URL(fileURLWithPath: $0) },
                                         inputCount: files.count, align: alignment.align, landmarkModel: alignment.model.path)
        let renderer = EditRenderer(generator: generator, edits: edits, sweep: sweep, raw: raw)
        let progress = ProgressReporter(total: files.count, label: "images")
        let failures = ImageBatch.process(files, stems: stems, progress: progress) { file, stem in
            let prepared = try inverter.prepare(file)
            var pasteBack: ((RGBImage) -> RGBImage)?
            if self.pasteBack {
                guard let alignment = prepared.alignment else {
                    throw CLIError("\(file.path): --paste-back needs an aligned face, but this image was not aligned (it is already at the encoder's size, or --no-align was given): pass --align or --landmarks")
                }
                pasteBack = { alignment.pasted($0, into: prepared.photo) }
            }
            let (x, trace) = try inverter.invert(prepared: prepared.image, file: file)
            let codes = trace.finalCodes.slice(0)                                    // [n, D]
            let inversion = trace.finalImage.slice(0)                                // [3, S, S]
            try NumPyArrayFile.write(codes, to: dir.appendingPathComponent(stem + ".npy"))
            let reconstruction = try RGBImage(tensor: inversion)
            try reconstruction.write(to: dir.appendingPathComponent(stem + ".png"))
            if let pasteBack { try pasteBack(reconstruction).write(to: dir.appendingPathComponent(stem + ".photo.png")) }
            try renderer.render(codes: codes, stem: stem, input: x.slice(0), inversion: inversion, into: dir, pasteBack: pasteBack)
        }
        printError("edited \(files.count - failures.count) of \(files.count) images into \(dir.path) in "
                   + String(format: "%.1f s", Date().timeIntervalSince(started))
                   + (failures.isEmpty ? "" : "; \(failures.count) failed"))
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
