import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

final class GenerateCommandTests: XCTestCase {
    let checkpoint = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path
    var outputDir: URL!

    override func setUpWithError() throws {
        outputDir = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: outputDir)
    }

    private func codes(_ name: String) throws -> Tensor {
        let sd = try StateDict.load(outputDir.appendingPathComponent(name))
        return try sd.tensor(sd.tensors[0].key)
    }

    func testSeedsWriteImagesAndWPlusCodes() throws {
        let r = try CommandRunner.run(["generate", "--checkpoint", checkpoint, "--seed", "7", "--count", "2",
                                       "--output", outputDir.path, "--raw"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["seed0007", "seed0008"] {
            let code = try codes(name + ".npy")
            XCTAssertEqual(code.shape, [8, 32])
            // A W code repeated to every W+ row.
            let rows = (0..<8).map { code.slice($0).scalars }
            XCTAssertTrue(rows.allSatisfy { $0 == rows[0] })
            let image = try ImageFile.decode(contentsOf: outputDir.appendingPathComponent(name + ".png"))
            XCTAssertEqual([image.width, image.height], [32, 32])
            // The PNG is tensor2im of the raw image.
            let raw = try codes(name + ".raw.npy")
            XCTAssertEqual(raw.shape, [3, 32, 32])
            XCTAssertEqual(try RGBImage(tensor: raw).pixels, image.pixels)
        }
        XCTAssertNotEqual(try codes("seed0007.npy").scalars, try codes("seed0008.npy").scalars)
    }

    func testLatentFileReproducesTheSeedImageExactly() throws {
        var r = try CommandRunner.run(["generate", "--checkpoint", checkpoint, "--seed", "11", "--output", outputDir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let again = outputDir.appendingPathComponent("again")
        r = try CommandRunner.run(["generate", "--checkpoint", checkpoint, "--latent",
                                   outputDir.appendingPathComponent("seed0011.npy").path, "--output", again.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let a = try Data(contentsOf: outputDir.appendingPathComponent("seed0011.png"))
        let b = try Data(contentsOf: again.appendingPathComponent("seed0011.png"))
        XCTAssertEqual(a, b)
    }

    func testTruncationZeroGivesTheAverageLatent() throws {
        let r = try CommandRunner.run(["generate", "--checkpoint", checkpoint, "--truncation", "0", "--codes-only",
                                       "--output", outputDir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try GoldenFile(fixture: "generator/g32.golden").tensor("latent_avg")   // [8, 32]
        assertClose(try codes("seed0000.npy"), expected, tolerance: 1e-5, "ψ = 0 codes vs latent_avg")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputDir.appendingPathComponent("seed0000.png").path))
    }

    func testWrongLatentShapeNamesBothShapes() throws {
        let bad = outputDir.appendingPathComponent("bad.npy")
        try NumPyArrayFile.write(Tensor(zeros: [3, 5]), to: bad)
        let r = try CommandRunner.run(["generate", "--checkpoint", checkpoint, "--latent", bad.path, "--output", outputDir.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.npy"), r.stderr)
        XCTAssertTrue(r.stderr.contains("[3, 5]") && r.stderr.contains("[N, 8, 32]"), r.stderr)
    }

    func testNotAGeneratorIsOneClearSentence() throws {
        let pca = try OfficialFixtures.file("e4e/ffhq_pca.pt").path
        let r = try CommandRunner.run(["generate", "--checkpoint", pca, "--output", outputDir.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("ffhq_pca.pt") && r.stderr.contains("not a StyleGAN2 generator"), r.stderr)
    }

    func testWithoutCheckpointSaysWhatToPass() throws {
        let r = try CommandRunner.run(["generate", "--output", outputDir.path],
                                      environment: ["RESTYLE_MODEL_DIR": "/nonexistent"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--checkpoint"), r.stderr)
    }

    /// With no --checkpoint, generating uses the shipped generator (`generator.pt`); inverting uses ReStyle-e4e.
    func testTheShippedGeneratorIsTheDefault() throws {
        var r = try CommandRunner.run(["generate", "--count", "2", "--output", outputDir.path], environment: CommandRunner.withShippedModel)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("loading generator.pt"), r.stderr)
        let image = try ImageFile.decode(contentsOf: outputDir.appendingPathComponent("seed0001.png"))
        XCTAssertEqual([image.width, image.height], [64, 64])
        r = try CommandRunner.run(["invert", outputDir.appendingPathComponent("seed0001.png").path, "--output",
                                   outputDir.appendingPathComponent("inv").path], environment: CommandRunner.withShippedModel)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("loading restyle_e4e.pt"), r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outputDir.appendingPathComponent("inv/seed0001.npy").path))
    }
}
