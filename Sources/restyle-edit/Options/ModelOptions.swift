import ArgumentParser
import Foundation

/// `--checkpoint FILE` for the commands that invert (the main command, `invert`): a ReStyle checkpoint.
struct InversionModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "ReStyle checkpoint (encoder + generator + latent_avg, e.g. restyle_e4e_ffhq_encode.pt); generator-only files cannot invert.",
        valueName: "file"), completion: .file())
    var checkpoint: String?

    /// `--checkpoint`, else the shipped ReStyle-e4e encoder (`models/synthetic-faces-64/restyle_e4e.pt`).
    func checkpointURL() throws -> URL {
        if let checkpoint { return URL(fileURLWithPath: checkpoint) }
        if let shipped = ShippedModel.checkpoint(named: ShippedModel.encoderName) { return shipped }
        if ShippedModel.checkpoint(named: ShippedModel.generatorName) != nil {
            throw CLIError("""
                the shipped model has a generator but no encoder yet (restyle_e4e.pt is trained by \
                scripts/train-shipped-model --only e4e): pass --checkpoint FILE, a ReStyle checkpoint such as \
                restyle_e4e_ffhq_encode.pt
                """)
        }
        return try ModelOptions(checkpoint: nil).checkpointURL()
    }
}

/// `--checkpoint FILE`, shared by the commands that run the generator only.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Generator checkpoint: a ReStyle .pt, a rosinality stylegan2-*.pt or a bare state dict.",
        valueName: "file"), completion: .file())
    var checkpoint: String?

    init() {}
    init(checkpoint: String?) { self.checkpoint = checkpoint }

    /// The checkpoint to use: `--checkpoint`, else the model shipped in the repo.
    func checkpointURL() throws -> URL {
        if let checkpoint { return URL(fileURLWithPath: checkpoint) }
        if let shipped = ShippedModel.generatorCheckpoint() { return shipped }
        throw CLIError("""
            no model is shipped with this build yet: pass --checkpoint FILE \
            (a ReStyle checkpoint such as restyle_e4e_ffhq_encode.pt; commands that only generate also take a \
            rosinality stylegan2-ffhq-config-f.pt or a bare generator state dict)
            """)
    }
}

/// Where the repo's own trained model lives once it exists (`models/synthetic-faces-64/`).
enum ShippedModel {
    static let directoryName = "models/synthetic-faces-64"

    /// The repository's `directions/` when `checkpoint` is the shipped model (its built-in plugins).
    static func builtInDirections(for checkpoint: URL) -> URL? {
        let dir = checkpoint.deletingLastPathComponent()
        guard dir.lastPathComponent == URL(fileURLWithPath: directoryName).lastPathComponent else { return nil }
        let repo = dir.deletingLastPathComponent().deletingLastPathComponent()
        let builtIn = repo.appendingPathComponent("directions")
        return FileManager.default.fileExists(atPath: builtIn.path) ? builtIn : nil
    }

    static let encoderName = "restyle_e4e.pt", generatorName = "generator.pt"

    /// The folders the shipped model is looked for in: `$RESTYLE_MODEL_DIR` alone when it is set (an empty folder
    /// means "no shipped model"), else `models/synthetic-faces-64` in the current directory and above the binary
    /// (it lives in `<repo>/.build/<config>/restyle-edit`).
    static func directories() -> [URL] {
        if let dir = ProcessInfo.processInfo.environment["RESTYLE_MODEL_DIR"], !dir.isEmpty {
            return [URL(fileURLWithPath: dir)]
        }
        var candidates: [URL] = [URL(fileURLWithPath: directoryName)]
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = binary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent(directoryName))
            dir = dir.deletingLastPathComponent()
        }
        return candidates
    }

    /// The first shipped file called `name`.
    static func checkpoint(named name: String) -> URL? {
        directories().map { $0.appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The shipped generator: `restyle_e4e.pt` (which holds it) or `generator.pt`, when either exists.
    static func generatorCheckpoint() -> URL? {
        for c in directories() {
            for name in [encoderName, generatorName] {
                let file = c.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: file.path) { return file }
            }
        }
        return nil
    }
}
