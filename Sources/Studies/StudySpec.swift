import Foundation
import TensorCore

/// A study, as read from a study file (`StudySpec+JSON.swift`) or built in Swift. Paths are absolute
/// (a study file's relative paths are resolved against the file's directory).
public struct StudySpec: Sendable {
    /// Where the images come from.
    public enum ImageSource: Sendable, Equatable {
        /// Every `.png` / `.jpg` / `.jpeg` of a directory, sorted by name.
        case directory(URL)
        /// These files, in this order.
        case files([URL])
        /// The first N held-out faces shipped with the model (`renderedFacesDirectory`: PNG files and a `labels.csv`
        /// with their true attributes, which becomes the study's `labels` unless it gives its own).
        case rendered(count: Int)
    }

    /// One ReStyle checkpoint and the step counts measured for it.
    public struct InverterSpec: Sendable {
        public var name: String
        public var checkpoint: URL
        /// Step counts, ascending, unique, ≥ 1. One trace of `steps.max()` serves them all.
        public var steps: [Int]
        /// Optional bootstrap checkpoint and the number of steps it runs.
        public var bootstrap: (checkpoint: URL, steps: Int)?
        /// Optional starting code file (`.npy`/`.pt`, `[n, D]`).
        public var initialLatent: URL?
        /// Stride-2 unit indices of the encoder backbone, for checkpoints whose keys do not show them
        /// (`ReStyleModel(contentsOf:stageStarts:)`); nil to infer. Applies to the bootstrap checkpoint too.
        public var stageStarts: [Int]?
        /// The arithmetic of this inverter's networks (`"precision"`: fp32, the default, or bf16).
        public var precision: Precision = .fp32

        public init(name: String, checkpoint: URL, steps: [Int], bootstrap: (checkpoint: URL, steps: Int)? = nil,
                    initialLatent: URL? = nil, stageStarts: [Int]? = nil) {
            self.name = name; self.checkpoint = checkpoint; self.steps = steps; self.bootstrap = bootstrap
            self.initialLatent = initialLatent; self.stageStarts = stageStarts
        }
    }

    /// A direction (by library name) and its strengths.
    public struct DirectionSpec: Sendable {
        public var name: String
        public var strengths: [Float]
        /// Layer range text (`"0-5"`), nil for the direction's default.
        public var layers: String?
        /// The attribute-network output this direction targets (attribute metrics); nil: the direction's name.
        public var attribute: String?

        public init(name: String, strengths: [Float], layers: String? = nil, attribute: String? = nil) {
            self.name = name; self.strengths = strengths; self.layers = layers; self.attribute = attribute
        }
    }

    public var name: String
    public var images: ImageSource
    public var inverters: [InverterSpec]
    public var directions: [DirectionSpec]
    /// Extra direction search directories (before `RESTYLE_DIRECTIONS` and the model's own).
    public var directionDirectories: [URL]
    public var metrics: [StudyMetric]
    public var seed: UInt64
    /// Mapped samples used to estimate the W distribution (Mahalanobis).
    public var wSamples: Int
    /// How many images get an image grid in the report.
    public var gridImages: Int
    /// Sampled codes on which each edit's native attribute change is measured (attribute metrics).
    public var attributeSamples: Int = 64
    /// True attributes of the images (`attribute_error`): a CSV with a `file` column (image file name) and one
    /// numeric column per attribute, like `examples/faces/labels.csv`.
    public var labels: URL?
    /// Where `rendered:N` takes its faces from; nil: `heldout/` next to the first inverter's checkpoint (the shipped
    /// model's folder holds its held-out renders there, see `scripts/train-shipped-model`).
    public var renderedFaces: URL?
    public var output: URL
    /// The study file (for messages), or "study" for one built in Swift.
    public var file: String = "study"

    public init(name: String = "study", images: ImageSource, inverters: [InverterSpec], directions: [DirectionSpec] = [],
                directionDirectories: [URL] = [], metrics: [StudyMetric] = StudyMetric.standard, seed: UInt64 = 0,
                wSamples: Int = 2000, gridImages: Int = 4, output: URL) {
        self.name = name; self.images = images; self.inverters = inverters; self.directions = directions
        self.directionDirectories = directionDirectories; self.metrics = metrics; self.seed = seed
        self.wSamples = wSamples; self.gridImages = gridImages; self.output = output
    }
}

extension StudySpec {
    /// The folder `rendered:N` reads: `renderedFaces`, else `heldout/` next to the first inverter's checkpoint.
    public var renderedFacesDirectory: URL? {
        renderedFaces ?? inverters.first.map { $0.checkpoint.deletingLastPathComponent().appendingPathComponent("heldout") }
    }

    /// The true attributes of the images: `labels`, else (for `rendered:N`) the held-out set's `labels.csv`.
    public var trueAttributes: URL? {
        if let labels { return labels }
        if case .rendered = images { return renderedFacesDirectory?.appendingPathComponent("labels.csv") }
        return nil
    }
}
