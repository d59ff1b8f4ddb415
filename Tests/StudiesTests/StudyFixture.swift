import Checkpoints
import Foundation
import TensorCore
import TestSupport

/// A temporary directory with a tiny study on the ResNet-pSp fixture model (64×64 input, W+ [10, 12]):
/// two example faces, a [1, 12] direction `planted.npy`, and a study file writer.
struct StudyFixture {
    let dir: URL
    var checkpoint: URL { TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt") }
    var images: URL { dir.appendingPathComponent("images") }
    var directions: URL { dir.appendingPathComponent("directions") }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: images, withIntermediateDirectories: true)
        try fm.createDirectory(at: directions, withIntermediateDirectories: true)
        let faces = TestPaths.repositoryRoot.appendingPathComponent("examples/faces")
        for name in ["face0.png", "face1.png"] {
            try fm.copyItem(at: faces.appendingPathComponent(name), to: images.appendingPathComponent(name))
        }
        var v = Tensor.randomNormal(shape: [1, 12], seed: 11)
        let norm = v.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
        v = v.scaled(by: 1 / norm)
        try NumPyArrayFile.write(v, to: directions.appendingPathComponent("planted.npy"))
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// Writes `study.json` with the given JSON text and returns its URL.
    @discardableResult
    func write(_ text: String, name: String = "study.json") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The standard tiny study: 2 images × 1 inverter, steps [1, 2], one direction at strengths [-1, 2].
    func standardStudy(output: String = "out", metrics: String = "[\"reconstruction\", \"latent\", \"editability\"]") -> String {
        """
        {
          "name": "tiny",
          "images": "images",
          "inverters": [{ "name": "pSp", "checkpoint": "\(checkpoint.path)", "steps": [2, 1] }],
          "directions": [{ "name": "planted", "strengths": [-1, 2] }],
          "directions_dirs": ["directions"],
          "metrics": \(metrics),
          "seed": 3,
          "w_samples": 200,
          "grid_images": 1,
          "output": "\(output)"
        }
        """
    }
}
