import Foundation

extension ShippedModel {
    /// Runs `load` on `file`; when `file` is one of the shipped model's files and loading fails, the error becomes
    /// one sentence naming the file, the reason, and how to get it back (restore from git, or retrain its stage).
    /// Errors for other files pass through unchanged.
    public static func loading<T>(_ file: URL, _ load: () throws -> T) throws -> T {
        do {
            return try load()
        } catch {
            guard let rebuild = rebuildCommand(for: file) else { throw error }
            let reason = "\(error)".trimmingCharacters(in: .whitespacesAndNewlines)
            throw WorkflowError("""
                the shipped model's \(file.lastPathComponent) (\(file.path)) is damaged (\(reason)); restore it with \
                `git checkout -- \(directoryName)/\(file.lastPathComponent)` or rebuild it with `\(rebuild)`
                """)
        }
    }

    /// The `scripts/train-shipped-model` call that rebuilds a shipped file; nil when `file` is not in a shipped
    /// model folder (`directories()`).
    public static func rebuildCommand(for file: URL) -> String? {
        let folder = file.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
        guard directories().contains(where: { $0.standardizedFileURL.resolvingSymlinksInPath().path == folder }) else { return nil }
        switch file.lastPathComponent {
        case encoderName: return "scripts/train-shipped-model --only e4e,assemble"
        case pspEncoderName: return "scripts/train-shipped-model --only psp,assemble"
        case generatorName: return "scripts/train-shipped-model --only generator,export"
        case "attributes.pt": return "scripts/train-shipped-model --only attributes,export"
        default: return nil
        }
    }
}
