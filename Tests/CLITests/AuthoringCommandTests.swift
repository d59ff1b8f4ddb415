import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// `restyle-edit directions train-boundary|sefa|pca`, run as a user would.
final class AuthoringCommandTests: XCTestCase {
    let g32 = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("author-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String]) throws -> CommandResult { try CommandRunner.run(args, in: dir) }

    /// Planted codes [N, D] and scores = codes·n + noise; returns the unit normal n.
    private func writePlanted(n: Int = 3000, d: Int = 32, scoresAsCSV: Bool = false) throws -> [Float] {
        var rng = SeededGenerator(seed: 21)
        var normal = (0..<d).map { _ in rng.normal() }
        let norm = normal.map { $0 * $0 }.reduce(0, +).squareRoot()
        normal = normal.map { $0 / norm }
        let codes = rng.normalTensor([n, d])
        let x = codes.scalars
        let scores = (0..<n).map { i in (0..<d).reduce(Float(0)) { $0 + x[i * d + $1] * normal[$1] } + 0.1 * rng.normal() }
        try NumPyArrayFile.write(codes, to: dir.appendingPathComponent("codes.npy"))
        if scoresAsCSV {
            let text = "id,score\n" + scores.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
            try text.write(to: dir.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        } else {
            try NumPyArrayFile.write(Tensor(shape: [n], values: scores), to: dir.appendingPathComponent("scores.npy"))
        }
        return normal
    }

    private func loadDirection(_ path: String) throws -> [Float] {
        let sd = try StateDict.load(dir.appendingPathComponent(path))
        return try sd.tensor(sd.tensors[0].key).scalars
    }

    private func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { $0 * $1 }.reduce(0, +) / (a.map { $0 * $0 }.reduce(0, +) * b.map { $0 * $0 }.reduce(0, +)).squareRoot()
    }

    func testTrainBoundaryEndToEndLoadsThroughShow() throws {
        let normal = try writePlanted()
        let r = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.npy", "--name", "smile",
                         "--ratio", "0.2", "--output", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("positives 600, negatives 600"), r.stdout)
        let v = try loadDirection("plugins/smile/direction.npy")
        XCTAssertEqual(v.count, 32)
        XCTAssertGreaterThan(cosine(v, normal), 0.98)
        let show = try run(["directions", "show", "smile", "--directions", "plugins"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("\"method\": \"interfacegan\""), show.stdout)
        XCTAssertTrue(show.stdout.contains("\"validation_accuracy\""), show.stdout)
        XCTAssertTrue(show.stdout.contains("\"positives\": 600"), show.stdout)
        XCTAssertTrue(show.stdout.contains("norm 1.0") || show.stdout.contains("norm 0.9999"), show.stdout)

        // Conditioned on the first boundary plus a second one: orthogonal to both.
        let other = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.npy", "--name", "age",
                             "--ratio", "0.1", "--seed", "4", "--output", "plugins"])
        XCTAssertEqual(other.status, 0, other.stderr)
        let c = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.npy", "--name", "smile-only",
                         "--ratio", "0.2", "--condition", "smile", "age", "--output", "plugins"])
        XCTAssertEqual(c.status, 0, c.stderr)
        let conditioned = try loadDirection("plugins/smile-only/direction.npy")
        XCTAssertLessThan(abs(cosine(conditioned, v)), 1e-5)
        XCTAssertLessThan(abs(cosine(conditioned, try loadDirection("plugins/age/direction.npy"))), 1e-5)
        let manifest = try String(contentsOf: dir.appendingPathComponent("plugins/smile-only/manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"conditions\": [\n      \"smile\",\n      \"age\"\n    ]") || manifest.contains("\"smile\""), manifest)
    }

    func testBadInputLeavesNoPlugin() throws {
        _ = try writePlanted(n: 400, scoresAsCSV: true)
        // 0.02 · 400 = 8 per class < 10.
        var r = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.csv", "--score-column", "score",
                         "--name", "x", "--output", "plugins"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("at least 10 per class"), r.stderr)
        r = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.csv", "--score-column", "score",
                     "--name", "x", "--ratio", "0.6", "--output", "plugins"])
        XCTAssertTrue(r.stderr.contains("(0, 0.5]"), r.stderr)
        // Mismatched lengths name both sizes.
        try NumPyArrayFile.write(Tensor(zeros: [399]), to: dir.appendingPathComponent("short.npy"))
        r = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "short.npy", "--name", "x",
                     "--ratio", "0.2", "--output", "plugins"])
        XCTAssertTrue(r.stderr.contains("400 codes") && r.stderr.contains("399 scores"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plugins/x").path))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("plugins").path)) ?? []
        XCTAssertEqual(leftovers, [])
        // The CSV path works with a valid ratio.
        r = try run(["directions", "train-boundary", "--latents", "codes.npy", "--scores", "scores.csv", "--score-column", "score",
                     "--name", "x", "--ratio", "0.1", "--output", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testSeFaAndPCAWritePluginsThatLoad() throws {
        var r = try run(["directions", "sefa", "--checkpoint", g32, "--layers", "2-5", "--count", "3", "--output", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let golden = try GoldenFile(fixture: "authoring/authoring.golden")
        let expected = try golden.tensor("sefa_rows2_5_vectors").scalars
        for k in 0..<3 {
            let v = try loadDirection("plugins/sefa\(k)/direction.npy")
            XCTAssertGreaterThan(abs(cosine(v, Array(expected[(k * 32)..<((k + 1) * 32)]))), 1 - 1e-5, "sefa\(k)")
        }
        r = try run(["directions", "list", "--directions", "plugins"])
        XCTAssertTrue(r.stdout.contains("sefa2") && r.stdout.contains("2-5"), r.stdout)
        // sefa2 exists: nothing is written, not even sefa3.
        r = try run(["directions", "sefa", "--checkpoint", g32, "--count", "4", "--output", "plugins"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("already exists"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plugins/sefa3").path))
        // The last row feeds only the last ToRGB.
        r = try run(["directions", "sefa", "--checkpoint", g32, "--layers", "7", "--output", "plugins", "--name-prefix", "last"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--include-torgb"), r.stderr)
        r = try run(["directions", "sefa", "--checkpoint", g32, "--layers", "all", "--include-torgb", "--count", "2",
                     "--output", "plugins", "--name-prefix", "rgb"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let withRGB = try golden.tensor("sefa_all_torgb_vectors").scalars
        XCTAssertGreaterThan(abs(cosine(try loadDirection("plugins/rgb1/direction.npy"), Array(withRGB[32..<64]))), 1 - 1e-5)
        r = try run(["directions", "pca", "--checkpoint", g32, "--samples", "500", "--components", "4", "--name", "gs", "--output", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let sd = try StateDict.load(dir.appendingPathComponent("plugins/gs.npz"))
        XCTAssertEqual(sd["comp"]?.shape, [4, 1, 32])
        XCTAssertEqual(sd["mean"]?.shape, [1, 32])
        r = try run(["directions", "show", "gs#3", "--directions", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("GANSpace component 3 of 4"), r.stdout)
        // Existing file without --overwrite.
        r = try run(["directions", "pca", "--checkpoint", g32, "--samples", "500", "--components", "4", "--name", "gs", "--output", "plugins"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("already exists"), r.stderr)
    }

    /// The documented workflow: `generate --codes-only` writes per-seed W+ codes; a score file in seed order labels them.
    func testTrainBoundaryOnGeneratedCodesDirectory() throws {
        var r = try run(["generate", "--checkpoint", g32, "--count", "200", "--codes-only", "--output", "codes"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Score: the first coordinate of each W code (rows are W repeated).
        var lines: [String] = []
        for i in 0..<200 {
            let w = try loadDirection(String(format: "codes/seed%04d.npy", i))
            lines.append(String(w[0]))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("scores.txt"), atomically: true, encoding: .utf8)
        r = try run(["directions", "train-boundary", "--latents", "codes", "--scores", "scores.txt", "--name", "first",
                     "--ratio", "0.5", "--output", "plugins"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("positives 100, negatives 100 of 200"), r.stdout)
        let v = try loadDirection("plugins/first/direction.npy")
        XCTAssertEqual(v.count, 32)                                  // row mean of [200, 8, 32] → one W boundary
        XCTAssertEqual(v.map { $0 * $0 }.reduce(0, +), 1, accuracy: 1e-5)
        let accuracy = r.stdout.components(separatedBy: "validation accuracy ").last.flatMap { Double($0.prefix(6)) }
        XCTAssertGreaterThanOrEqual(accuracy ?? 0, 0.9, r.stdout)     // the label is linear in the codes
        let manifest = try String(contentsOf: dir.appendingPathComponent("plugins/first/manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"rows\": \"row-mean\""), manifest)
    }
}
