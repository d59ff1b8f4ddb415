import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// `restyle-edit align` on the official photos (skipped without them or without dlib's model): one PNG + JSON per
/// image, --all-faces naming, a batch with a faceless image (skipped, listed, exit 1, the others done), bad model.
final class AlignCommandTests: XCTestCase {
    private var dir: URL!
    private let model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("align-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func requireModel() throws {
        let path = ProcessInfo.processInfo.environment["RESTYLE_DLIB_MODEL"] ?? model
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("dlib landmark model not found: \(path)") }
    }

    func testBatchAlignsFacesAndListsTheFacelessImage() throws {
        try requireModel()
        let photos = dir.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for name in ["restyle/face_img.jpg", "e4e/input_img.jpg"] {
            let source = try OfficialFixtures.file(name)
            try FileManager.default.copyItem(at: source, to: photos.appendingPathComponent(source.lastPathComponent))
        }
        try RGBImage(width: 120, height: 90, red: 40, green: 90, blue: 160).write(to: photos.appendingPathComponent("wall.png"))
        let out = dir.appendingPathComponent("out")
        let result = try CommandRunner.run(["align", photos.path, "--output", out.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("wall.png: no face found"), result.stderr)
        XCTAssertTrue(result.stderr.contains("aligned 2 faces from 2 of 3 images"), result.stderr)
        for stem in ["face_img", "input_img"] {
            let png = try ImageFile.decode(contentsOf: out.appendingPathComponent(stem + ".png"))
            XCTAssertEqual([png.width, png.height], [256, 256])
            let json = try String(contentsOf: out.appendingPathComponent(stem + ".json"), encoding: .utf8)
            XCTAssertTrue(json.contains("\"landmarks\"") && json.contains("\"quad\""), json)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("wall.png").path))
    }

    func testAllFacesAnd1024() throws {
        try requireModel()
        let photo = try OfficialFixtures.file("restyle/face_img.jpg")
        let result = try CommandRunner.run(["align", photo.path, "--output", dir.path, "--all-faces", "--size", "1024"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let png = try ImageFile.decode(contentsOf: dir.appendingPathComponent("face_img.face1.png"))
        XCTAssertEqual([png.width, png.height], [1024, 1024])
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("face_img.face1.json").path))
    }

    func testBadSizeAndMissingModel() throws {
        let bad = try CommandRunner.run(["align", "x.png", "--output", dir.path, "--size", "512"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--size must be 256 or 1024"), bad.stderr)
        let image = dir.appendingPathComponent("a.png")
        try RGBImage(width: 64, height: 64, red: 1, green: 2, blue: 3).write(to: image)
        let missing = try CommandRunner.run(["align", image.path, "--output", dir.appendingPathComponent("o").path,
                                             "--landmark-model", "/nonexistent/model.dat"])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/model.dat: landmark model not found"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("libdlib-data"), missing.stderr)
        let viaEnvironment = try CommandRunner.run(["align", image.path, "--output", dir.appendingPathComponent("o").path],
                                                   environment: ["RESTYLE_DLIB_MODEL": "/nonexistent/env.dat"])
        XCTAssertTrue(viaEnvironment.stderr.contains("/nonexistent/env.dat: landmark model not found"), viaEnvironment.stderr)
    }
}
