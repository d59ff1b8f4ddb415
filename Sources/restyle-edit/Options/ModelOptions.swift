import ArgumentParser
import Foundation
import Workflows

/// `--checkpoint FILE` for the commands that invert (the main command, `invert`): a ReStyle checkpoint.
struct InversionModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "ReStyle checkpoint (encoder + generator + latent_avg, e.g. restyle_e4e_ffhq_encode.pt); generator-only files cannot invert.",
        valueName: "file"), completion: .file())
    var checkpoint: String?

    @Option(name: .long, help: ArgumentHelp(
        "Which shipped encoder inverts when no --checkpoint is given: e4e (ReStyle-e4e, the default) or psp (ReStyle-pSp).",
        valueName: "e4e|psp"))
    var encoder: ShippedEncoder = .e4e

    func validate() throws {
        if checkpoint != nil && encoder != .e4e {
            throw ValidationError("--encoder picks one of the shipped encoders; with --checkpoint the checkpoint's own encoder inverts")
        }
    }

    /// `--checkpoint`, else the shipped encoder `--encoder` names (`models/synthetic-faces-64/restyle_e4e.pt`).
    func checkpointURL() throws -> URL {
        if let checkpoint { return URL(fileURLWithPath: checkpoint) }
        return try ShippedModel.encoderCheckpoint(encoder)
    }
}

extension ShippedEncoder: ExpressibleByArgument {}

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
