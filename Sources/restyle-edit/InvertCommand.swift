import ArgumentParser
import Checkpoints
import FileSupport
import Foundation
import Workflows
import ImageCodecs
import Inversion
import TensorCore

/// `restyle-edit invert`: ReStyle inversion of photos into W+.
struct InvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invert",
        abstract: "Invert images into W+ with a ReStyle checkpoint (e4e- or pSp-based).",
        discussion: """
        Per image writes <stem>.npy (final W+ [n_styles, D] float32) and <stem>.png (final \
        reconstruction); --save-steps adds <stem>.steps.npy ([N, n_styles, D]) and <stem>.steps.png \
        (steps left to right, the input last); --raw adds <stem>.raw.npy (float [3, H, W]). \
        The folder's index covers every image inverted into it (runs merge): latents.npy in the official \
        ReStyle layout (a pickled dict image name → per-step [n_styles, D] codes: \
        np.load(f, allow_pickle=True).item()), latents_wplus.npy ([N, n_styles, D] final codes) and \
        latents.json (their names, in that order). Existing results are not replaced without --overwrite. \
        Faces are aligned first with the official FFHQ crop: detected with dlib (--align; on by default \
        for face checkpoints when an image is not already a square at the encoder's size, --no-align turns it off) \
        or from --landmarks (5 or 68 points); other images are resized to the encoder input. Bad images are reported and skipped.
        """)

    @Argument(help: "Images or directories of images.", completion: .file())
    var inputs: [String]

    @OptionGroup var model: InversionModelOptions
    @OptionGroup var precision: PrecisionOptions

    @Option(parsing: .unconditional, help: "Refinement steps (the official default is 5).")
    var iterations: Int = 5

    @Flag(help: "Also write every step's codes and a strip of the step images.")
    var saveSteps = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop early once the mean |ΔW+| of a step falls below this.", valueName: "t"))
    var tolerance: Float?

    @Option(help: ArgumentHelp("Start from these W+ codes instead of latent_avg.", valueName: "codes.npy"),
            completion: .file())
    var initLatent: String?

    @Option(help: ArgumentHelp("Encoder bootstrapping: run the first step(s) with this checkpoint.", valueName: "first.pt"),
            completion: .file())
    var bootstrap: String?

    @Option(parsing: .unconditional, help: "Steps run by the --bootstrap checkpoint.")
    var bootstrapSteps: Int = 1

    @OptionGroup var encoder: EncoderOptions

    @Option(help: ArgumentHelp("Landmarks JSON for FFHQ alignment ([[x, y], ...] or {image: [[x, y], ...]}).", valueName: "file"),
            completion: .file())
    var landmarks: String?

    @OptionGroup var alignment: AlignmentOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String = "inverted"

    @Flag(help: "Also write the final reconstruction as float [3, H, W] (<stem>.raw.npy).")
    var raw = false

    @Flag(help: "Replace results of an earlier run in --output.")
    var overwrite = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        guard bootstrapSteps >= 1 && bootstrapSteps <= iterations else {
            throw ValidationError("--bootstrap-steps must be between 1 and --iterations (\(iterations))")
        }
        if let tolerance, !(tolerance >= 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a number ≥ 0") }
    }

    func run() throws { try precision.run(execute) }

    private func execute() throws {
        let outputDir = try OutputDirectory.prepare(output)
        let files = try InputImages.expand(inputs)
        guard !files.isEmpty else { throw CLIError("no input images in \(inputs.joined(separator: ", "))") }
        let stems = InputImages.stems(for: files)
        try OutputDirectory.refuseExisting(stems.flatMap { [$0 + ".npy", $0 + ".png"] }, in: outputDir, overwrite: overwrite)
        let type = encoder.type
        let starts = try encoder.starts()
        let checkpoint = try model.checkpointURL()
        printError("loading \(checkpoint.lastPathComponent) …")
        let restyle = try ShippedModel.loading(checkpoint) { try ReStyleModel(contentsOf: checkpoint, encoderType: type, stageStarts: starts) }
        var options = restyle.defaultOptions
        options.iterations = iterations
        options.tolerance = tolerance
        if let bootstrap {
            options.bootstrap = .init(model: try ReStyleModel(contentsOf: URL(fileURLWithPath: bootstrap), encoderType: type),
                                      steps: bootstrapSteps)
        }
        if let initLatent { options.initialLatent = try Self.loadCodes(initLatent, model: restyle) }
        let inverter = try PhotoInverter(model: restyle, options: options, landmarks: landmarks.map { URL(fileURLWithPath: $0) },
                                         inputCount: files.count, align: alignment.align, landmarkModel: alignment.model.path)

        let progress = ProgressReporter(total: files.count, label: "images")
        var index = try LatentIndex(directory: outputDir)
        var inverted = 0
        let failures = ImageBatch.process(files, stems: stems, progress: progress) { file, stem in
            let (x, trace) = try inverter.invert(file)
            try write(trace: trace, input: x, stem: stem, to: outputDir)
            index.set(name: file.lastPathComponent, steps: trace.codes(ofSample: 0))
            inverted += 1
            if let stop = trace.stoppedAt { progress.note("\(file.lastPathComponent): stopped early after step \(stop + 1)") }
        }
        if inverted > 0 { try index.write() }
        printError("inverted \(inverted) of \(files.count) images into \(outputDir.path) in \(progress.elapsedText)"
                   + (failures.isEmpty ? "" : "; \(failures.count) failed"))
        if !failures.isEmpty { throw ExitCode(1) }
    }

    /// Writes one image's outputs (see the command's discussion).
    func write(trace: InversionTrace, input x: Tensor, stem: String, to dir: URL) throws {
        try NumPyArrayFile.write(trace.finalCodes.slice(0), to: dir.appendingPathComponent(stem + ".npy"))
        let final = trace.finalImage.slice(0)                                         // [3, S', S]
        try RGBImage(tensor: final).write(to: dir.appendingPathComponent(stem + ".png"))
        if raw { try NumPyArrayFile.write(final, to: dir.appendingPathComponent(stem + ".raw.npy")) }
        if saveSteps {
            try NumPyArrayFile.write(trace.codes(ofSample: 0), to: dir.appendingPathComponent(stem + ".steps.npy"))
            let panels = trace.steps.map { $0.feedback.slice(0) } + [x.slice(0)]   // each [3, H, W]
            try RGBImage(tensor: Self.strip(panels)).write(to: dir.appendingPathComponent(stem + ".steps.png"))
        }
    }

    /// Panels `[3, H, W]` side by side: `[3, H, k·W]`.
    static func strip(_ panels: [Tensor]) -> Tensor {
        let h = panels[0].shape[1], w = panels[0].shape[2], k = panels.count
        var out = Tensor(zeros: [3, h, k * w])
        out.withUnsafeMutableBufferPointer { o in
            for (p, panel) in panels.enumerated() {
                panel.withUnsafeBufferPointer { src in
                    for c in 0..<3 { for y in 0..<h { for x in 0..<w {
                        o[(c * h + y) * k * w + p * w + x] = src[(c * h + y) * w + x]
                    } } }
                }
            }
        }
        return out
    }

    /// W+ codes for --init-latent: `[n, D]` or `[1, n, D]` (the first of a batch file).
    static func loadCodes(_ path: String, model: ReStyleModel) throws -> Tensor {
        let url = URL(fileURLWithPath: path)
        let sd = try StateDict.load(url)
        guard let first = sd.tensors.first else { throw CheckpointError.malformed(file: path, reason: "holds no array") }
        let t = try first.tensor.floatTensor(key: first.key)
        let n = model.styleCount, d = model.styleDim
        if t.shape == [n, d] { return t }
        if t.rank == 3, Array(t.shape.dropFirst()) == [n, d], t.shape[0] >= 1 { return t.slice(0) }
        throw CheckpointError.unsupported(file: path, reason: "codes of shape \(t.shape); expected [\(n), \(d)] W+ codes for this model")
    }
}
