import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// `--paste-back` on the main command (issue 15, item 5): the inversion and each edit go back into the photo; the
/// photo's pixels outside the face crop keep their exact bytes; an image that was not aligned is refused by name.
final class PasteBackCommandTests: XCTestCase {
    private var dir: URL!
    private let psp = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path

    override func setUpWithError() throws {
        let model = ProcessInfo.processInfo.environment["RESTYLE_DLIB_MODEL"] ?? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
        guard FileManager.default.fileExists(atPath: model) else { throw XCTSkip("dlib landmark model not found: \(model)") }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("paste-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 5)
        var d = rng.normalTensor([1, 12])
        let norm = d.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
        d = Tensor(shape: [1, 12], values: d.scalars.map { $0 / norm })
        try NumPyArrayFile.write(d, to: dir.appendingPathComponent("d12.npy"))
        let r = try CommandRunner.run(["directions", "import", dir.appendingPathComponent("d12.npy").path,
                                       "--name", "smile12", "--into", dir.appendingPathComponent("plugins").path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    override func tearDownWithError() throws { if let dir { try? FileManager.default.removeItem(at: dir) } }

    func testEditsArePastedBackAndTheRestOfThePhotoIsUntouched() throws {
        let photoURL = try OfficialFixtures.file("restyle/face_img.jpg")
        let r = try CommandRunner.run([photoURL.path, "--checkpoint", psp, "--directions", "plugins", "--direction", "smile12",
                                       "--strength", "0", "--iterations", "1", "--paste-back", "--output", "out"], in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let photo = try ImageFile.decode(contentsOf: photoURL)
        let aligned = dir.appendingPathComponent("aligned")
        XCTAssertEqual(try CommandRunner.run(["align", photoURL.path, "--output", aligned.path]).status, 0)
        let json = try String(contentsOf: aligned.appendingPathComponent("face_img.json"), encoding: .utf8)
        let quad = try Self.quad(fromJSON: json)
        for name in ["face_img.photo.png", "face_img.smile12+0.photo.png"] {
            let pasted = try ImageFile.decode(contentsOf: dir.appendingPathComponent("out/\(name)"))
            XCTAssertEqual([pasted.width, pasted.height], [photo.width, photo.height], name)
            var changedOutside = 0, changedInside = 0
            for y in 0..<photo.height {
                for x in 0..<photo.width {
                    let i = (y * photo.width + x) * 3
                    if pasted.pixels[i..<i + 3] == photo.pixels[i..<i + 3] { continue }
                    if Self.inside(quad, Double(x), Double(y)) { changedInside += 1 } else { changedOutside += 1 }
                }
            }
            XCTAssertEqual(changedOutside, 0, "\(name): pixels outside the face crop changed")
            XCTAssertGreaterThan(changedInside, 10_000, name)
        }
    }

    func testAnImageThatWasNotAlignedIsRefused() throws {
        try RGBImage(width: 64, height: 64, red: 120, green: 90, blue: 60).write(to: dir.appendingPathComponent("small.png"))
        let r = try CommandRunner.run(["small.png", "--checkpoint", psp, "--directions", "plugins", "--direction", "smile12",
                                       "--strength", "1", "--iterations", "1", "--paste-back", "--output", "out"], in: dir)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("--paste-back needs an aligned face"), r.stderr)
    }

    static func quad(fromJSON text: String) throws -> [SIMD2<Double>] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let pairs = object["quad"] as! [[Double]]
        return pairs.map { SIMD2($0[0], $0[1]) }
    }

    static func inside(_ q: [SIMD2<Double>], _ x: Double, _ y: Double) -> Bool {
        let e1 = q[3] - q[0], e2 = q[1] - q[0], d = SIMD2(x, y) - q[0], det = e1.x * e2.y - e1.y * e2.x
        let u = (d.x * e2.y - d.y * e2.x) / det, v = (e1.x * d.y - e1.y * d.x) / det
        return u >= 0 && u <= 1 && v >= 0 && v <= 1
    }
}
