import ArgumentParser
import Checkpoints
import Foundation
import Workflows
import ImageCodecs
import StyleGAN2
import TensorCore

/// `restyle-edit generate`: images from seeds or from stored W/W+ codes.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate images from seeds (z → W → image) or from W/W+ codes in a .npy file.",
        discussion: """
        From seeds, image i uses z ~ N(0, I) drawn from seed S+i and is written as seedNNNN.png with \
        its W+ code as seedNNNN.npy ([n_styles, style_dim], float32). With --latent, every code in the \
        file is rendered: [N, n_styles, D] or [n_styles, D] W+ codes, [D] or (with --w) [N, D] W codes, or a \
        ReStyle latents.npy (image name → per-step codes; the last step is used). Noise is the \
        checkpoint's stored buffers unless --noise-seed is given.
        """)

    @OptionGroup var model: ModelOptions
    @OptionGroup var precision: PrecisionOptions

    @Option(parsing: .unconditional, help: "First seed (negative seeds are seeds too: z from its 64-bit pattern).")
    var seed: Int64 = 0

    @Option(parsing: .unconditional, help: "Number of images from consecutive seeds.")
    var count: Int = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Truncation ψ around the average latent (1 = none).", valueName: "psi"))
    var truncation: Float = 1

    @Option(help: ArgumentHelp("W or W+ codes to render instead of seeds.", valueName: "codes.npy"),
            completion: .file())
    var latent: String?

    @Flag(help: "Read a 2-D --latent array [N, D] as N W codes (without it, [n_styles, D] is one W+ code and other N are refused).")
    var w = false

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String = "generated"

    @Flag(help: "Also write the raw float image [3, H, W] as NAME.raw.npy.")
    var raw = false

    @Flag(help: "Replace results of an earlier run in --output.")
    var overwrite = false

    @Flag(help: "Only write the W+ codes (.npy), no images: codes to label for boundary training.")
    var codesOnly = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Random noise from this seed instead of the stored noise buffers.", valueName: "seed"))
    var noiseSeed: Int64?

    @Option(parsing: .unconditional, help: "Images per synthesis batch.")
    var batch: Int = 4

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1 (got \(count))") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        guard truncation.isFinite else { throw ValidationError("--truncation must be a finite number") }
        if latent != nil && truncation != 1 {
            throw ValidationError("--truncation applies to seeds; --latent codes are rendered as given")
        }
    }

    func run() throws { try precision.run(execute) }

    private func execute() throws {
        let started = Date()
        let outputDir = try OutputDirectory.prepare(output)
        let checkpoint = try model.checkpointURL()
        printError("loading \(checkpoint.lastPathComponent) …")
        let generator = try ShippedModel.loading(checkpoint) { try Generator(contentsOf: checkpoint) }
        let jobs: [CodeJob] = try latent.map { try CodeJob.fromLatentFile(URL(fileURLWithPath: $0), generator: generator, wCodes: w) }
            ?? CodeJob.fromSeeds(first: seed, count: count, generator: generator, truncation: truncation)
        try OutputDirectory.refuseExisting(jobs.map { $0.name + ".npy" }, in: outputDir, overwrite: overwrite)
        let noise: NoiseMode = noiseSeed.map { .random(seed: UInt64(bitPattern: $0)) } ?? .stored

        var written = 0
        for start in stride(from: 0, to: jobs.count, by: batch) {
            let chunk = Array(jobs[start..<min(start + batch, jobs.count)])
            let codes = Tensor.stack(chunk.map(\.wPlus))                            // [b, n_styles, D]
            for (job, code) in zip(chunk, chunk.map(\.wPlus)) {
                try NumPyArrayFile.write(code, to: outputDir.appendingPathComponent(job.name + ".npy"))
            }
            if !codesOnly {
                let images = try generator.synthesize(wPlus: codes, noise: noise)      // [b, 3, S, S]
                for (i, job) in chunk.enumerated() {
                    let image = images.slice(i)                                      // [3, S, S]
                    try RGBImage(tensor: image).write(to: outputDir.appendingPathComponent(job.name + ".png"))
                    if raw { try NumPyArrayFile.write(image, to: outputDir.appendingPathComponent(job.name + ".raw.npy")) }
                }
            }
            written += chunk.count
            printError("\(written)/\(jobs.count) \(codesOnly ? "codes" : "images") → \(outputDir.path)")
        }
        printError("wrote \(jobs.count) \(codesOnly ? "codes" : "images") into \(outputDir.path) in "
                   + String(format: "%.1f s", Date().timeIntervalSince(started)))
    }
}

/// One image to generate: its output name and its W+ code `[n_styles, D]`.
struct CodeJob {
    let name: String
    let wPlus: Tensor

    /// z from seeds `first ..< first + count`, mapped (and truncated) to W, repeated to W+.
    static func fromSeeds(first: Int64, count: Int, generator: Generator, truncation: Float) throws -> [CodeJob] {
        try (0..<count).map { i in
            let s = first &+ Int64(i)
            return CodeJob(name: String(format: "seed%04lld", s),
                           wPlus: try SeedCode.wPlus(seed: s, generator: generator, truncation: truncation))
        }
    }

    /// Every code in a `.npy` file (see `GenerateCommand`'s discussion for the accepted layouts). A 2-D `[N, D]`
    /// array is one W+ code when N is the generator's row count, and N W codes only with `wCodes` (`--w`); any other
    /// 2-D array is refused (it is most likely a W+ code of another model).
    static func fromLatentFile(_ url: URL, generator: Generator, wCodes: Bool = false) throws -> [CodeJob] {
        let loaded = try StateDict.load(url)
        let n = generator.nLatent, d = generator.styleDim
        let stem = url.deletingPathExtension().lastPathComponent
        // ReStyle's latents.npy: {image name: [per-step [n, D] codes]}.
        if case let .dict(items) = loaded.root, !items.isEmpty {
            return try items.map { item in
                let name = item.key.asString ?? "\(item.key)"
                let steps = item.value.asList ?? [item.value]
                guard let last = steps.last?.asTensor else {
                    throw CheckpointError.malformed(file: url.path, reason: "entry '\(name)' holds no codes")
                }
                let code = try last.floatTensor(key: name)
                guard code.count == n * d else {
                    throw CheckpointError.shapeMismatch(file: url.path, key: name, expected: [n, d], actual: code.shape)
                }
                let base = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
                return CodeJob(name: base, wPlus: code.reshaped([n, d]))
            }
        }
        guard loaded.tensors.count == 1, let stored = loaded.tensors.first?.tensor else {
            throw CheckpointError.unsupported(file: url.path, reason: "expected one array of W or W+ codes, found \(loaded.tensors.count) tensors")
        }
        let codes = try stored.floatTensor(key: loaded.tensors[0].key)
        let s = codes.shape
        let batch: Tensor                                                            // [N, n, D]
        switch s.count {
        case 3 where s[1] == n && s[2] == d: batch = codes
        case 3 where s[2] == d:
            throw CheckpointError.unsupported(file: url.path, reason: """
                W+ codes of shape \(s) have \(s[1]) rows per code; this generator takes \(n) ([N, \(n), \(d)]): \
                they were inverted with another model
                """)
        case 2 where s == [n, d] && !wCodes: batch = codes.reshaped([1, n, d])
        case 2 where s[1] == d && wCodes: batch = try generator.wPlus(repeating: codes)
        case 2 where s[1] == d:
            throw CheckpointError.unsupported(file: url.path, reason: """
                codes of shape \(s) are not a W+ code of this generator ([\(n), \(d)]): a W+ code of a \(s[0])-row \
                model, or \(s[0]) W codes — pass --w to read them as W codes
                """)
        case 1 where s[0] == d: batch = try generator.wPlus(repeating: codes.reshaped([1, d]))
        default:
            throw CheckpointError.unsupported(file: url.path, reason: """
                codes of shape \(s) do not fit this generator: expected [N, \(n), \(d)] or [\(n), \(d)] (W+), \
                [N, \(d)] with --w or [\(d)] (W)
                """)
        }
        let count = batch.shape[0]
        return (0..<count).map { i in
            CodeJob(name: count == 1 ? stem : String(format: "%@_%04d", stem, i), wPlus: batch.slice(i))
        }
    }
}
