import FaceDetection
import Foundation
import ImageCodecs
import Inversion
import TestSupport
import XCTest

/// Official parity (issue 15, item 4): dlib through CDlib against dlib's Python binding, and the FFHQ crop against
/// the official `align_face`, on the official photos and photos derived from them (Tests/Fixtures/alignment).
/// Skips where the official photos or the dlib model are absent.
final class AlignmentParityTests: XCTestCase {
    func testFixturesCoverTheRequiredCases() throws {
        let fixtures = try AlignmentFixture.all()
        XCTAssertGreaterThanOrEqual(fixtures.count, 6)
        let ops = Set(fixtures.flatMap { $0.json["input"]!["ops"]!.arrayValue!.map { $0["op"]!.stringValue! } })
        XCTAssertEqual(ops, ["quad", "lanczos", "crop", "gray"])
        XCTAssertTrue(fixtures.contains { $0.json["steps"]!["shrink"]!.int64Value! > 1 }, "no case exercises the shrink")
        XCTAssertTrue(fixtures.contains { $0.json["steps"]!["pad"]!.arrayValue != nil }, "no case exercises the padding")
    }

    /// The crop alone, from the fixture's own landmarks: the Swift resampling against Pillow/NumPy/SciPy.
    func testCropFromTheSameLandmarksMatchesTheOfficialCrop() throws {
        for fixture in try AlignmentFixture.all() {
            let image = try fixture.input()
            let landmarks = try FaceLandmarks(points: fixture.faces[fixture.alignedFace])
            let alignment = FFHQAlignment(landmarks: landmarks)
            for (mine, theirs) in zip(alignment.quad, fixture.quad) {
                XCTAssertEqual(mine.x, theirs.x, accuracy: 1e-9, fixture.name)
                XCTAssertEqual(mine.y, theirs.y, accuracy: 1e-9, fixture.name)
            }
            let agreement = PixelAgreement(alignment.aligned(image, size: 256), fixture.expected)
            print("crop parity \(fixture.name): \(agreement)")
            XCTAssertGreaterThanOrEqual(agreement.withinTwo, 0.99, "\(fixture.name): \(agreement)")
        }
    }

    /// Detection + landmarks + crop end to end: landmarks within 0.5 px of dlib's Python binding, the aligned crop
    /// within 2 levels of the official output on ≥ 99% of the bytes.
    func testDetectLandmarksAndAlignMatchTheOfficialPipeline() throws {
        let finder = try FaceFinder(model: SharedLandmarkModel.model())
        for fixture in try AlignmentFixture.all() {
            let image = try fixture.input()
            let faces = try finder.faces(in: image, file: fixture.name)
            XCTAssertEqual(faces.count, fixture.faces.count, "\(fixture.name): number of faces")
            var worst = 0.0
            for (face, expected) in zip(faces, fixture.faces) {
                for (p, q) in zip(face.landmarks.points, expected) { worst = max(worst, abs(p.x - q.x), abs(p.y - q.y)) }
            }
            XCTAssertLessThanOrEqual(worst, 0.5, "\(fixture.name): landmarks differ by \(worst) px")
            guard fixture.alignedFace < faces.count else { continue }
            let aligned = FFHQAlignment(landmarks: faces[fixture.alignedFace].landmarks).aligned(image, size: 256)
            let agreement = PixelAgreement(aligned, fixture.expected)
            print("end-to-end parity \(fixture.name): landmarks within \(worst) px, \(agreement)")
            XCTAssertGreaterThanOrEqual(agreement.withinTwo, 0.99, "\(fixture.name): \(agreement)")
        }
    }
}
