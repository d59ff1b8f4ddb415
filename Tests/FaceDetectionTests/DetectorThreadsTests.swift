import FaceDetection
import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// CDlib's detector runs dlib's pyramid images, FHOG features and filter banks as a task graph over threads; its boxes
/// and scores must be exactly those of dlib's own serial `object_detector::operator()` (threads: 0), whatever the
/// thread count (1: the graph in order; 2: this machine; 5: more workers than ready tasks).
final class DetectorThreadsTests: XCTestCase {
    func testParallelDetectionEqualsDlibsSerialDetector() throws {
        let reference = try FaceDetector(threads: 0), serial = try FaceDetector(threads: 1), parallel = try FaceDetector(threads: 2)
        let crowded = try FaceDetector(threads: 5)
        var images: [(String, RGBImage)] = []
        for fixture in try AlignmentFixture.all() where ["restyle_face", "e4e_input", "restyle_edge", "restyle_half"].contains(fixture.name) {
            images.append((fixture.name, try fixture.input()))
        }
        // Two faces side by side, one smaller: several detections, non-max suppression across them.
        let a = images[0].1, b = images[1].1.lanczosResized(width: 512, height: 512)
        var pair = [UInt8](repeating: 0, count: 1536 * 1024 * 3)
        for y in 0..<1024 {
            for x in 0..<1024 { for c in 0..<3 { pair[(y * 1536 + x) * 3 + c] = a.pixels[(y * 1024 + x) * 3 + c] } }
            if y < 512 { for x in 0..<512 { for c in 0..<3 { pair[(y * 1536 + 1024 + x) * 3 + c] = b.pixels[(y * 512 + x) * 3 + c] } } }
        }
        images.append(("pair", RGBImage(width: 1536, height: 1024, pixels: pair)))
        for (name, image) in images {
            let expected = try reference.detect(in: image, file: name)
            XCTAssertFalse(expected.isEmpty, name)
            XCTAssertEqual(try serial.detect(in: image, file: name), expected, name)
            XCTAssertEqual(try parallel.detect(in: image, file: name), expected, name)
            XCTAssertEqual(try crowded.detect(in: image, file: name), expected, name)
            if name == "pair" { XCTAssertEqual(expected.count, 2, "both faces") }
        }
    }
}
