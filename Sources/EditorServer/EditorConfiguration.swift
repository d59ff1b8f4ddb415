import Foundation
import TensorCore
import Workflows

/// What `restyle-edit serve` opens: where it listens, the encoders the page can pick, the direction plugins, the
/// example faces, and the limits on what a client may send.
public struct EditorConfiguration: Sendable {
    /// One encoder the page offers: its name in the API (`e4e`, `psp`, or the checkpoint's file name) and file.
    public struct Encoder: Sendable, Equatable {
        public var name: String
        public var checkpoint: URL
        public init(name: String, checkpoint: URL) {
            self.name = name
            self.checkpoint = checkpoint
        }
    }

    /// Loopback by default: the editor is a local tool; another host is the user's explicit choice.
    public var host = "127.0.0.1"
    /// 0: any free port (reported once listening).
    public var port = 8080
    /// The encoders, the default first. Empty: photos cannot be inverted; faces are sampled from seeds.
    public var encoders: [Encoder] = []
    /// The generator when there is no encoder (the shipped model before its encoders exist).
    public var generator: URL?
    /// `--directions` folders, searched before the usual places (`ModelDirections`).
    public var directionFolders: [URL] = []
    /// Folders of example faces the page lists (their PNG/JPEG files, by file name; the first folder wins a clash).
    public var examples: [URL] = []
    /// The dlib landmark model for aligning uploaded photos.
    public var landmarkModel: String
    /// `--encoder-type` / `--stage-starts` for checkpoints whose opts do not say what they hold.
    public var stageStarts: [Int]?
    /// The arithmetic of every network run (`--precision`).
    public var precision: Precision = .fp32
    /// Largest accepted request body (an uploaded photo), bytes.
    public var maximumUploadBytes = 20 << 20
    /// Codes kept for editing; the oldest is forgotten first.
    public var maximumStoredCodes = 64
    /// Refinement steps a client may ask for.
    public var maximumSteps = 20

    public init(landmarkModel: String) {
        self.landmarkModel = landmarkModel
    }

    /// The generator checkpoint edits render with: the first encoder's (a ReStyle checkpoint holds one), else
    /// `generator`.
    public var generatorCheckpoint: URL? { encoders.first?.checkpoint ?? generator }

    /// The shipped model's encoders (e4e first, then psp, as far as they have shipped) and its generator.
    public mutating func useShippedModel() throws {
        encoders = ShippedEncoder.allCases.compactMap { kind in
            ShippedModel.checkpoint(named: kind.fileName).map { Encoder(name: kind.rawValue, checkpoint: $0) }
        }
        if encoders.isEmpty {
            guard let shipped = ShippedModel.generatorCheckpoint() else {
                throw WorkflowError("no model is shipped with this build yet: pass --checkpoint FILE (a ReStyle checkpoint such as restyle_e4e_ffhq_encode.pt)")
            }
            generator = shipped
        }
    }
}
