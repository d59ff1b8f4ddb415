import Directions
import Foundation
import ImageCodecs
import Inversion
import StyleGAN2
import TensorCore
import Workflows

/// The models behind the editor page and the codes it edits. Every computation runs on one serial queue: one
/// request at a time gets the cores (the networks use all of them), and the state needs no other lock. The work is
/// the CLI's own (`PhotoInverter`, `EditSpec`, `EditRenderer`), so the page and the command line give the same bytes.
public final class EditorEngine: @unchecked Sendable {
    public let configuration: EditorConfiguration
    let queue = DispatchQueue(label: "restyle-edit.editor")
    /// Loaded encoders by name, in the configuration's order.
    let models: [(name: String, model: ReStyleModel)]
    /// Renders edits (the first encoder's generator, or the generator-only checkpoint).
    let generator: Generator
    let library: DirectionLibrary
    /// Photo pipelines by encoder and step count (each keeps its landmark model once loaded).
    var inverters: [String: PhotoInverter] = [:]
    var store: CodeStore

    /// Loads every encoder (or the generator) and finds the direction plugins.
    public init(configuration: EditorConfiguration) throws {
        self.configuration = configuration
        try ModelDirections.checkExplicit(configuration.directionFolders.map(\.path))
        var models: [(String, ReStyleModel)] = []
        for encoder in configuration.encoders {
            models.append((encoder.name, try ShippedModel.loading(encoder.checkpoint) { try ReStyleModel(contentsOf: encoder.checkpoint, stageStarts: configuration.stageStarts) }))
        }
        self.models = models
        if let first = models.first {
            generator = first.1.generator
        } else if let checkpoint = configuration.generator {
            generator = try ShippedModel.loading(checkpoint) { try Generator(contentsOf: checkpoint) }
        } else {
            throw WorkflowError("the editor needs a model: pass --checkpoint FILE")
        }
        library = ModelDirections.library(checkpoint: configuration.generatorCheckpoint, explicit: configuration.directionFolders,
                                          styleCount: generator.nLatent, styleDim: generator.styleDim)
        store = CodeStore(capacity: configuration.maximumStoredCodes)
    }

    /// Runs `body` on the engine's queue.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let precision = configuration.precision
            queue.async { continuation.resume(with: Result { try Precision.with(precision, body) }) }
        }
    }

    /// The encoder called `name` (nil: the default one).
    func model(named name: String?) throws -> (name: String, model: ReStyleModel) {
        guard let first = models.first else {
            throw EditorError(.conflict, "this model has no encoder, so photos cannot be inverted: start the server with --checkpoint FILE (a ReStyle checkpoint), or sample a face from a seed")
        }
        guard let name, !name.isEmpty else { return first }
        guard let found = models.first(where: { $0.name == name }) else {
            throw EditorError(.badRequest, "no encoder '\(name)' (this server has: \(models.map(\.name).joined(separator: ", ")))")
        }
        return found
    }

    /// The photo pipeline for `encoder` at `steps` refinement steps (as the CLI builds it for one image).
    func inverter(_ encoder: (name: String, model: ReStyleModel), steps: Int) throws -> PhotoInverter {
        let key = "\(encoder.name)/\(steps)"
        if let cached = inverters[key] { return cached }
        var options = encoder.model.defaultOptions
        options.iterations = steps
        let made = try PhotoInverter(model: encoder.model, options: options, landmarks: nil, inputCount: 1, align: nil,
                                     landmarkModel: configuration.landmarkModel)
        inverters[key] = made
        return made
    }
}
