import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// `--align/--no-align` on `invert` (issue 15, item 3) with a small ffhq_encode checkpoint and the official photo:
/// the default aligns a photo that is not at the encoder's size, `--align` is the same, `--no-align` is not, and
/// `--landmarks` with the JSON `align` wrote goes through the same official crop.
final class InvertAlignTests: XCTestCase {
    private var dir: URL!
    private let checkpoint = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path

    override func setUpWithError() throws {
        let model = ProcessInfo.processInfo.environment["RESTYLE_DLIB_MODEL"] ?? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
        guard FileManager.default.fileExists(atPath: model) else { throw XCTSkip("dlib landmark model not found: \(model)") }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("invert-align-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { if let dir { try? FileManager.default.removeItem(at: dir) } }

    private func codes(_ arguments: [String], _ name: String) throws -> [Float] {
        let photo = try OfficialFixtures.file("restyle/face_img.jpg")
        let out = dir.appendingPathComponent(name)
        let r = try CommandRunner.run(["invert", photo.path, "--checkpoint", checkpoint, "--iterations", "1",
                                       "--output", out.path] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr)
        let sd = try StateDict.load(out.appendingPathComponent("face_img.npy"))
        return try sd.tensor(sd.tensors[0].key).scalars
    }

    func testDefaultAlignsAndNoAlignDoesNot() throws {
        let automatic = try codes([], "default")
        XCTAssertEqual(try codes(["--align"], "align"), automatic)
        XCTAssertNotEqual(try codes(["--no-align"], "plain"), automatic)

        let photo = try OfficialFixtures.file("restyle/face_img.jpg")
        let aligned = dir.appendingPathComponent("aligned")
        let a = try CommandRunner.run(["align", photo.path, "--output", aligned.path])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(try codes(["--landmarks", aligned.appendingPathComponent("face_img.json").path], "landmarks"), automatic)
    }

    func testNoFaceIsOneSentenceNamingTheFile() throws {
        let wall = dir.appendingPathComponent("wall.png")
        try RGBImage(width: 300, height: 200, red: 200, green: 180, blue: 160).write(to: wall)
        let r = try CommandRunner.run(["invert", wall.path, "--checkpoint", checkpoint, "--iterations", "1",
                                       "--output", dir.appendingPathComponent("o").path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(wall.path): no face found"), r.stderr)
    }
}

extension InvertAlignTests {
    /// `--align` with a missing model: one sentence naming the path and the package, before any work.
    func testAlignWithAMissingModelStopsBeforeAnyWork() throws {
        let photo = try OfficialFixtures.file("restyle/face_img.jpg")
        let out = dir.appendingPathComponent("never")
        let r = try CommandRunner.run(["invert", photo.path, "--checkpoint", TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path,
                                       "--align", "--landmark-model", "/nonexistent/m.dat", "--output", out.path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("/nonexistent/m.dat: landmark model not found"), r.stderr)
        XCTAssertTrue(r.stderr.contains("libdlib-data"), r.stderr)
        XCTAssertFalse(r.stderr.contains("skipped"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }
}
