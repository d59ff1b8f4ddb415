import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// `study run` aligns photos like `invert` (issue 15, item 3): the official photo is detected and cropped by default
/// (a face checkpoint, not at the encoder's size), a faceless photo becomes a bad cell naming the file, and
/// `--no-align` measures the plain resized photo instead.
final class StudyAlignTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        let model = ProcessInfo.processInfo.environment["RESTYLE_DLIB_MODEL"] ?? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
        guard FileManager.default.fileExists(atPath: model) else { throw XCTSkip("dlib landmark model not found: \(model)") }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("study-align-\(UUID().uuidString)")
        let images = dir.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: OfficialFixtures.file("restyle/face_img.jpg"), to: images.appendingPathComponent("face_img.jpg"))
        try RGBImage(width: 300, height: 200, red: 200, green: 180, blue: 160).write(to: images.appendingPathComponent("wall.png"))
        let checkpoint = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path
        try """
        { "name": "align", "images": "images",
          "inverters": [{ "name": "pSp", "checkpoint": "\(checkpoint)", "steps": [1] }],
          "metrics": ["mse"], "output": "out" }
        """.write(to: dir.appendingPathComponent("study.json"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { if let dir { try? FileManager.default.removeItem(at: dir) } }

    private func mse(_ output: String, _ arguments: [String]) throws -> (String, CommandResult) {
        let r = try CommandRunner.run(["study", "run", "study.json", "--output", output] + arguments, in: dir)
        let rows = try String(contentsOf: dir.appendingPathComponent("\(output)/results.csv"), encoding: .utf8)
            .split(separator: "\n").filter { $0.contains("face_img") }
        XCTAssertEqual(rows.count, 1, r.stderr)
        return (rows.first.map(String.init) ?? "", r)
    }

    func testStudyAlignsByDefaultAndReportsTheFacelessImage() throws {
        let (aligned, r) = try mse("a", [])
        XCTAssertTrue(r.stderr.contains("wall.png: no face found"), r.stderr)
        let (explicit, _) = try mse("b", ["--align"])
        let (plain, _) = try mse("c", ["--no-align"])
        XCTAssertEqual(aligned, explicit)
        XCTAssertNotEqual(aligned, plain)
    }
}
