import Foundation

/// Where the repo's own trained model lives once it exists (`models/synthetic-faces-64/`).
public enum ShippedModel {
    public static let directoryName = "models/synthetic-faces-64"

    /// The repository's `directions/` when `checkpoint` is the shipped model (its built-in plugins).
    public static func builtInDirections(for checkpoint: URL) -> URL? {
        let dir = checkpoint.deletingLastPathComponent()
        guard dir.lastPathComponent == URL(fileURLWithPath: directoryName).lastPathComponent else { return nil }
        let repo = dir.deletingLastPathComponent().deletingLastPathComponent()
        let builtIn = repo.appendingPathComponent("directions")
        return FileManager.default.fileExists(atPath: builtIn.path) ? builtIn : nil
    }

    public static let encoderName = "restyle_e4e.pt", pspEncoderName = "restyle_psp.pt", generatorName = "generator.pt"

    /// The folders the shipped model is looked for in: `$RESTYLE_MODEL_DIR` alone when it is set (an empty folder
    /// means "no shipped model"), else `models/synthetic-faces-64` in the current directory and above the binary
    /// (it lives in `<repo>/.build/<config>/restyle-edit`).
    public static func directories() -> [URL] {
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
    public static func checkpoint(named name: String) -> URL? {
        directories().map { $0.appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The shipped generator: `generator.pt`, or `restyle_e4e.pt` (which holds the same generator), when either exists.
    public static func generatorCheckpoint() -> URL? {
        for c in directories() {
            for name in [generatorName, encoderName] {
                let file = c.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: file.path) { return file }
            }
        }
        return nil
    }

    /// The shipped encoder of `kind`; a `WorkflowError` saying what is missing when it has not shipped.
    public static func encoderCheckpoint(_ kind: ShippedEncoder) throws -> URL {
        if let shipped = checkpoint(named: kind.fileName) { return shipped }
        if checkpoint(named: generatorName) != nil {
            throw WorkflowError("""
                the shipped model has a generator but no \(kind.title) encoder yet (\(kind.fileName) is trained by \
                scripts/train-shipped-model --only \(kind.rawValue)): pass --checkpoint FILE, a ReStyle checkpoint such as \
                restyle_e4e_ffhq_encode.pt
                """)
        }
        throw WorkflowError("""
            no model is shipped with this build yet: pass --checkpoint FILE \
            (a ReStyle checkpoint such as restyle_e4e_ffhq_encode.pt; commands that only generate also take a \
            rosinality stylegan2-ffhq-config-f.pt or a bare generator state dict)
            """)
    }
}

/// The two encoders the shipped model has: ReStyle over e4e and over pSp.
public enum ShippedEncoder: String, CaseIterable, Sendable, Codable {
    case e4e, psp
    /// The file in the shipped model's folder.
    public var fileName: String { self == .e4e ? ShippedModel.encoderName : ShippedModel.pspEncoderName }
    /// ReStyle-e4e, ReStyle-pSp.
    public var title: String { self == .e4e ? "ReStyle-e4e" : "ReStyle-pSp" }
}

extension ShippedModel {
    /// The repository's example faces: `examples/` and `examples/faces/` (held-out renders of the shipped model),
    /// found as the shipped model is (current directory, then above the binary).
    public static func exampleDirectories() -> [URL] {
        for models in directories() {
            let repo = models.deletingLastPathComponent().deletingLastPathComponent()
            let examples = repo.appendingPathComponent("examples")
            if FileManager.default.fileExists(atPath: examples.appendingPathComponent("faces").path) {
                return [examples, examples.appendingPathComponent("faces")]
            }
        }
        return []
    }
}
