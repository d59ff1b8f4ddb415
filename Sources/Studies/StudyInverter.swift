import Checkpoints
import Directions
import Editing
import Foundation
import Inversion
import StyleGAN2
import TensorCore

/// A loaded inverter of a study: its model, options, W distribution and resolved edits.
public struct StudyInverter: @unchecked Sendable {
    public let spec: StudySpec.InverterSpec
    public let model: ReStyleModel
    public let options: InversionOptions
    /// nil when Mahalanobis is not measured.
    public let distribution: WDistribution?
    /// One edit per study direction, in order, with that direction's strengths.
    public let edits: [(edit: Edit, strengths: [Float])]
    /// With an attribute network: per edit, the index of its target attribute.
    public let attributeTargets: [Int]
    /// With an attribute network: per edit and strength, the mean target-attribute change per unit strength of
    /// the same edit on `attributeSamples` sampled codes (W repeated to W+), the "native" editability.
    public let attributeReference: [[Double]]

    /// Loads the checkpoint(s), the starting code, fits W when needed and resolves the directions against the model.
    /// Before any of that work, the memory it and `concurrentCells` cells at once will need is estimated from the
    /// model's sizes (`StudyMemoryEstimate`); over the limit is an error naming the study key.
    public init(spec: StudySpec.InverterSpec, study: StudySpec, attributeNetwork: AttributeNetwork? = nil,
                concurrentCells: Int = 1) throws {
        self.spec = spec
        let model = try ReStyleModel(contentsOf: spec.checkpoint, stageStarts: spec.stageStarts)
        let wantsAttributes = attributeNetwork != nil && !study.directions.isEmpty
            && (study.metrics.contains(.attributeEditability) || study.metrics.contains(.attributeEntanglement))
        try StudyMemoryEstimate.checkInverter(study: study, styleDim: model.styleDim, size: model.generator.configuration.size,
                                              concurrentCells: concurrentCells, sampledAttributes: wantsAttributes)
        var options = model.defaultOptions
        options.tolerance = nil
        if let b = spec.bootstrap { options.bootstrap = .init(model: try ReStyleModel(contentsOf: b.checkpoint, stageStarts: spec.stageStarts), steps: b.steps) }
        if let l = spec.initialLatent {
            let sd = try StateDict.load(l)
            guard let first = sd.tensors.first else {
                throw StudyError.invalidStudy(file: study.file, keyPath: "init_latent", reason: "\(l.path) holds no tensor")
            }
            options.initialLatent = try sd.tensor(first.key)
        }
        options.iterations = spec.steps.max() ?? 1
        _ = try ReStyleInverter(model: model, options: options)          // validates shapes before any work
        self.model = model
        self.options = options
        self.distribution = study.metrics.contains(.mahalanobis)
            ? try WDistribution(generator: model.generator, samples: study.wSamples, seed: study.seed) : nil
        let env = ProcessInfo.processInfo.environment
        let library = DirectionLibrary(directories: DirectionLibrary.searchPath(explicit: study.directionDirectories, environment: env,
                                                                              modelDirectory: spec.checkpoint.deletingLastPathComponent()),
                                       styleCount: model.styleCount, styleDim: model.styleDim)
        let editor = LatentEditor(styleCount: model.styleCount, styleDim: model.styleDim)
        var edits: [(Edit, [Float])] = []
        for (i, d) in study.directions.enumerated() {
            let direction = try library.direction(named: d.name)
            let layers: LayerRange?
            do { layers = try d.layers.map { try LayerRange(parsing: $0, styleCount: model.styleCount) } } catch let error as LayerRangeError {
                throw StudyError.invalidStudy(file: study.file, keyPath: "directions[\(i)].layers",
                                              reason: "\(error) (\(spec.checkpoint.lastPathComponent) has \(model.styleCount) W+ rows)")
            }
            let edit = try Edit(direction: direction, strength: d.strengths[0], layers: layers)
            try editor.validate([edit])
            edits.append((edit, d.strengths))
        }
        self.edits = edits
        guard let net = attributeNetwork, wantsAttributes, !edits.isEmpty else {
            attributeTargets = []; attributeReference = []
            return
        }
        var targets: [Int] = []
        for (i, d) in study.directions.enumerated() {
            let name = d.attribute ?? d.name
            guard let t = net.attributeNames.firstIndex(of: name) else {
                throw StudyError.invalidStudy(file: study.file, keyPath: "directions[\(i)]\(d.attribute == nil ? ".name" : ".attribute")",
                                              reason: "the attribute network has no attribute \"\(name)\" (it has \(net.attributeNames.joined(separator: ", ")))")
            }
            targets.append(t)
        }
        // Native editability: the same edits on sampled codes.
        let z = Tensor.randomNormal(shape: [study.attributeSamples, model.styleDim], seed: study.seed &+ 0x5A5A)
        let sampled = try model.generator.wPlus(repeating: model.generator.mapping(z))            // [M, n, D]
        let base = try net.scores(model.generator.synthesize(wPlus: sampled)).scalars            // [M, A]
        let a = net.attributeNames.count, m = study.attributeSamples
        var reference: [[Double]] = []
        for ((edit, strengths), t) in zip(edits, targets) {
            var perStrength: [Double] = []
            for s in strengths {
                guard s != 0 else { perStrength.append(.nan); continue }
                let edited = try editor.apply([edit.withStrength(s)], to: sampled)
                let scores = try net.scores(model.generator.synthesize(wPlus: edited)).scalars    // [M, A]
                let change = (0..<m).map { Double(scores[$0 * a + t] - base[$0 * a + t]) }.reduce(0, +) / Double(m)
                perStrength.append(change / Double(s))
            }
            reference.append(perStrength)
        }
        attributeTargets = targets
        attributeReference = reference
    }

    /// An inverter running `iterations` steps with this inverter's options.
    func inverter(iterations: Int) throws -> ReStyleInverter {
        var o = options
        o.iterations = iterations
        return try ReStyleInverter(model: model, options: o)
    }
}
