import FaceDetection
import Foundation
import ImageCodecs
import Inversion
import TestSupport
import XCTest

/// Paste-back (issue 15, item 5): the crop goes back through the inverse quad; outside the quad nothing changes.
final class PasteBackTests: XCTestCase {
    private func photo() -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: 300 * 240 * 3)
        for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: (i * 37) ^ (i >> 5)) }
        return RGBImage(width: 300, height: 240, pixels: pixels)
    }

    private func alignment() throws -> FFHQAlignment {
        // A face tilted by ~10°, well inside the photo.
        try FFHQAlignment(landmarks: FaceLandmarks(points: [SIMD2(130, 100), SIMD2(170, 107), SIMD2(148, 125),
                                                             SIMD2(132, 148), SIMD2(160, 153)]))
    }

    private func insideQuad(_ a: FFHQAlignment, _ x: Int, _ y: Int) -> Bool {
        let q0 = a.quad[0], e1 = a.quad[3] - a.quad[0], e2 = a.quad[1] - a.quad[0]
        let d = SIMD2(Double(x), Double(y)) - q0, det = e1.x * e2.y - e1.y * e2.x
        let u = (d.x * e2.y - d.y * e2.x) / det, v = (e1.x * d.y - e1.y * d.x) / det
        return u >= 0 && u <= 1 && v >= 0 && v <= 1
    }

    func testPixelsOutsideTheQuadAreUnchanged() throws {
        let photo = photo(), a = try alignment()
        let white = RGBImage(width: 64, height: 64, red: 255, green: 255, blue: 255)
        let pasted = a.pasted(white, into: photo)
        var changedInside = 0
        for y in 0..<photo.height {
            for x in 0..<photo.width {
                let i = (y * photo.width + x) * 3
                let same = pasted.pixels[i..<i + 3] == photo.pixels[i..<i + 3]
                if !insideQuad(a, x, y) { XCTAssertTrue(same, "(\(x), \(y)) outside the quad changed"); if !same { return } }
                else if !same { changedInside += 1 }
            }
        }
        XCTAssertGreaterThan(changedInside, 1000)
        // The centre of the face is fully the crop.
        let c = (a.quad[0] + a.quad[2]) * 0.5
        XCTAssertEqual(pasted.pixel(x: Int(c.x), y: Int(c.y)).red, 255)
    }

    /// A zero-strength edit: the crop is the alignment of the photo itself; pasted back, the photo changes only
    /// inside the face region and there only by resampling (no seam: small differences at the mask's edge).
    func testZeroEditPastedBackDiffersOnlyInsideTheFace() throws {
        let photo = try ImageFile.decode(contentsOf: OfficialFixtures.file("restyle/face_img.jpg"))
        let fixture = try AlignmentFixture(name: "restyle_face")
        let a = FFHQAlignment(landmarks: try FaceLandmarks(points: fixture.faces[fixture.alignedFace]))
        let crop = a.aligned(photo, size: 1024)
        let pasted = a.pasted(crop, into: photo)
        var changed = 0, worst = 0
        for y in 0..<photo.height {
            for x in 0..<photo.width {
                let i = (y * photo.width + x) * 3
                let d = (0..<3).map { abs(Int(pasted.pixels[i + $0]) - Int(photo.pixels[i + $0])) }.max()!
                if d > 0 {
                    changed += 1
                    XCTAssertTrue(insideQuad(a, x, y), "(\(x), \(y)) outside the face quad changed")
                    if !insideQuad(a, x, y) { return }
                }
                worst = max(worst, d)
            }
        }
        XCTAssertGreaterThan(changed, 0)
        XCTAssertLessThan(worst, 60, "resampling only")
    }
}
