import Checkpoints
import Directions
import FileSupport
import Foundation
import ImageCodecs
import Inversion
import JSONCodec
import Studies

/// Feeds arbitrary bytes to one of the readers through its normal API, as a user's file would reach it: the entry
/// point of the fuzz targets (`Fuzz/`, `scripts/fuzz`) and of the unit test that replays their regression inputs.
/// Every reader must answer any byte string with a result or one typed error — never a trap, a hang or an allocation
/// past its limits.
public enum ParserHarness {
    public enum Target: String, CaseIterable, Sendable {
        case torchZip = "torch-zip", torchLegacy = "torch-legacy", unpickler, npy, npz, safetensors, png, jpeg
        case directions, study, landmarks, json

        /// The file extension inputs are written with (readers dispatch on it).
        var fileExtension: String {
            switch self {
            case .torchZip, .torchLegacy: return "pt"
            case .unpickler: return "pkl"
            case .npy, .directions: return "npy"
            case .npz: return "npz"
            case .safetensors: return "safetensors"
            case .png: return "png"
            case .jpeg: return "jpg"
            case .study, .landmarks, .json: return "json"
            }
        }
    }

    /// What one input did: `nil` when it was read, else the error's text.
    @discardableResult
    public static func run(_ target: Target, bytes: Data) -> String? {
        do {
            try read(target, bytes)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func read(_ target: Target, _ bytes: Data) throws {
        switch target {
        case .unpickler:
            try bytes.withUnsafeBytes { raw in _ = try Unpickler(bytes: raw, file: "fuzz.pkl").load() }
        case .json:
            _ = try JSONValue.parse(data: bytes, source: "fuzz.json")
        case .png, .jpeg:
            _ = try ImageFile.decode(data: bytes, name: "fuzz.\(target.fileExtension)")
        default:
            let dir = try scratchDirectory()
            let file = dir.appendingPathComponent("input.\(target.fileExtension)")
            try bytes.write(to: file)
            try readFile(target, file, in: dir)
        }
    }

    static func readFile(_ target: Target, _ file: URL, in dir: URL) throws {
        switch target {
        case .torchZip, .torchLegacy, .npy, .npz, .safetensors:
            let sd = try StateDict.load(file)
            for entry in sd.tensors {
                if entry.tensor.dtype.isFloatingPoint { _ = try entry.tensor.floatTensor(key: entry.key) }
                else { _ = try entry.tensor.integerValues(key: entry.key) }
            }
        case .landmarks:
            _ = try LandmarkFile(contentsOf: file).landmarks(forImage: "face.png")
        case .study:
            _ = try StudySpec(contentsOf: file)
        case .directions:
            // The input as a bare direction file and as a plugin's manifest (next to a valid vector).
            let bare = dir.appendingPathComponent("bare"), plugins = dir.appendingPathComponent("plugins/p")
            try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
            let data = try Data(contentsOf: file)
            try data.write(to: bare.appendingPathComponent("d.npy"))
            try data.write(to: bare.appendingPathComponent("e.pt"))
            try data.write(to: plugins.appendingPathComponent("manifest.json"))
            try validVector.write(to: plugins.appendingPathComponent("direction.npy"))
            let library = DirectionLibrary(directories: [bare, plugins.deletingLastPathComponent()], styleCount: 18, styleDim: 512)
            for name in library.names { _ = try? library.direction(named: name) }
            if !library.problems.isEmpty { throw HarnessError(library.problems.map(\.description).joined(separator: "; ")) }
        default:
            break
        }
    }

    /// A valid `[1, 512]` float32 `.npy` (zeros but one).
    static let validVector: Data = {
        var d = Data("\u{93}NUMPY".utf8)
        d.append(contentsOf: [1, 0])
        let text = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 512), }".utf8)
        let body = text + [UInt8](repeating: 0x20, count: (64 - (10 + text.count + 1) % 64) % 64) + [0x0A]
        d.append(contentsOf: [UInt8(body.count & 0xFF), UInt8(body.count >> 8)])
        d.append(contentsOf: body)
        var values = [Float](repeating: 0, count: 512)
        values[0] = 1
        values.withUnsafeBytes { d.append(contentsOf: $0) }
        return d
    }()

    /// One scratch folder per process (inputs are rewritten in place), under /dev/shm where it exists.
    static func scratchDirectory() throws -> URL {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm")
            : FileManager.default.temporaryDirectory
        let dir = base.appendingPathComponent("restyle-harness-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A problem the harness reports for readers that collect problems instead of throwing.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
