import Checkpoints
import Directions
import Editing
import Foundation
import ImageCodecs
import Inversion
import TensorCore
import Workflows

/// One refinement step as the page shows it: 1-based step, total, seconds, the reconstruction as PNG.
public struct InversionStepImage: Sendable {
    public let step: Int
    public let steps: Int
    public let seconds: Double
    public let png: Data
}

/// A code ready to edit: its id, where it came from, and its unedited image as PNG.
public struct EditableCode: Sendable {
    public let id: String
    public let source: String
    public let encoder: String?
    public let aligned: Bool
    public let png: Data
}

extension EditorEngine {
    /// Inverts a photo (PNG/JPEG bytes called `name`) with `encoder` (nil: the default) in `steps` steps, aligning it
    /// as the CLI does; `eachStep` gets every step's reconstruction as soon as it is computed.
    public func invert(photo data: Data, name: String, encoder: String?, steps: Int,
                       eachStep: @escaping @Sendable (InversionStepImage) -> Void) async throws -> EditableCode {
        guard (1...configuration.maximumSteps).contains(steps) else {
            throw EditorError(.badRequest, "steps must be 1 to \(configuration.maximumSteps) (got \(steps))")
        }
        return try await perform { [self] in
            let chosen = try model(named: encoder)
            let pipeline = try inverter(chosen, steps: steps)
            let file = URL(fileURLWithPath: name)
            let photo = try ImageFile.decode(data: data, name: name)
            let prepared = try pipeline.prepare(photo: photo, file: file)
            var failure: Error?
            let (_, trace) = try pipeline.invert(prepared: prepared.image, file: file) { step, index, total in
                do {
                    let png = try RGBImage(tensor: step.image.slice(0)).encoded(as: .png)
                    eachStep(InversionStepImage(step: index + 1, steps: total, seconds: step.seconds, png: png))
                } catch { failure = error }
            }
            if let failure { throw failure }
            let png = try RGBImage(tensor: trace.finalImage.slice(0)).encoded(as: .png)
            let id = store.nextID()
            store.insert(StoredCode(id: id, codes: trace.finalCodes.slice(0), source: name, encoder: chosen.name,
                                    steps: trace.steps.count, aligned: prepared.alignment != nil))
            return EditableCode(id: id, source: name, encoder: chosen.name, aligned: prepared.alignment != nil, png: png)
        }
    }

    /// A face from a seed, as `restyle-edit generate --seed` makes it (no encoder needed).
    public func sample(seed: Int64) async throws -> EditableCode {
        try await perform { [self] in
            let codes = try SeedCode.wPlus(seed: seed, generator: generator)                  // [n, D]
            let image = try generator.synthesize(wPlus: codes.reshaped([1] + codes.shape)).slice(0)
            let id = store.nextID()
            store.insert(StoredCode(id: id, codes: codes, source: "seed \(seed)", encoder: nil, steps: 0, aligned: false))
            return EditableCode(id: id, source: "seed \(seed)", encoder: nil, aligned: false,
                                png: try RGBImage(tensor: image).encoded(as: .png))
        }
    }

    /// The edited image of code `id` as PNG, and its W+ code `[n, D]` as `.npy` bytes. Edits at strength 0 are left
    /// out; with none left, the unedited code is rendered.
    public func render(id: String, edits specs: [EditSpec]) async throws -> (png: Data, npy: Data) {
        try await perform { [self] in
            let code = try stored(id)
            let edits = try resolved(specs)
            let result = try EditRenderer(generator: generator, edits: edits, sweep: nil, raw: false).renderedEdits(codes: code.codes)[0]
            return (try result.rgbImage().encoded(as: .png), NumPyArrayFile.encoded(result.codes))
        }
    }

    /// The `restyle-edit` command line that makes the same edit of the same image.
    public func command(id: String, edits specs: [EditSpec]) async throws -> String {
        try await perform { [self] in
            let code = try stored(id)
            let edits = try resolved(specs)
            let kept = specs.filter { $0.strength != 0 }
            let normalised = zip(kept, edits).map { spec, edit in
                EditSpec(direction: spec.direction, strength: edit.strength,
                         layers: edit.layers == edit.direction.defaultLayers ? nil : edit.layers.description)
            }
            var words = EditCommandLine.headline(image: code.encoder == nil ? "SEED" : imageArgument(code.source), edits: normalised,
                                                 checkpoint: checkpointFlag(for: code.encoder),
                                                 encoder: code.encoder.flatMap(shippedEncoderFlag),
                                                 directions: configuration.directionFolders.map(\.path),
                                                 iterations: code.steps == 0 ? 5 : code.steps)
            if code.encoder == nil {                        // a sampled face: generate it, then edit its code
                let seed = code.source.replacingOccurrences(of: "seed ", with: "")
                let name = String(format: "seed%04lld", Int64(seed) ?? 0)
                var generate = ["restyle-edit", "generate", "--seed", seed, "-o", "codes"]
                if let c = checkpointFlag(for: nil) { generate += ["--checkpoint", c] }
                words = generate.map(EditCommandLine.shellQuoted).joined(separator: " ") + " && "
                    + words.replacingOccurrences(of: "restyle-edit SEED", with: "restyle-edit edit codes/\(name).npy")
            }
            return words
        }
    }

    /// How the command line names the image: an example by its path (relative to the current folder when inside
    /// it), an upload by its file name.
    func imageArgument(_ source: String) -> String {
        guard let file = exampleFiles().first(where: { $0.name == source })?.url.standardizedFileURL.path else { return source }
        let here = FileManager.default.currentDirectoryPath + "/"
        return file.hasPrefix(here) ? String(file.dropFirst(here.count)) : file
    }

    func stored(_ id: String) throws -> StoredCode {
        guard let code = store[id] else {
            throw EditorError(.notFound, "no code '\(id)' on this server (codes are kept for the last \(configuration.maximumStoredCodes) faces): invert the face again")
        }
        return code
    }

    /// The edits of `specs` for this model (strength 0 left out), as the CLI resolves `--direction` groups.
    func resolved(_ specs: [EditSpec]) throws -> [Edit] {
        var edits: [Edit] = []
        for spec in specs where spec.strength != 0 {
            do {
                edits.append(try spec.resolve(library: library, styleCount: generator.nLatent, styleDim: generator.styleDim))
            } catch {
                throw EditorError(.badRequest, "\(spec.direction): \(error)")
            }
        }
        return edits
    }

    /// `--checkpoint FILE` for the command line: nil for the shipped model (the command finds it by itself).
    func checkpointFlag(for encoder: String?) -> String? {
        let file = encoder.flatMap { name in configuration.encoders.first { $0.name == name }?.checkpoint }
            ?? configuration.generatorCheckpoint
        guard let file else { return nil }
        let shipped = ShippedModel.directories().contains { $0.standardizedFileURL.path == file.deletingLastPathComponent().standardizedFileURL.path }
        return shipped ? nil : file.path
    }

    /// `--encoder psp` when the shipped pSp encoder made the code (e4e is the command's default).
    func shippedEncoderFlag(_ encoder: String) -> String? {
        checkpointFlag(for: encoder) == nil && encoder == ShippedEncoder.psp.rawValue ? encoder : nil
    }
}
