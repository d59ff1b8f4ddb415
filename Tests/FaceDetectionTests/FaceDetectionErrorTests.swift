import FaceDetection
import Foundation
import ImageCodecs
import XCTest

/// Bad input: each failure is one sentence naming the file, and nothing escapes dlib as a C++ exception.
final class FaceDetectionErrorTests: XCTestCase {
    private func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("restyle-dlib-\(UUID().uuidString).dat")
        try Data(bytes).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testMissingModelNamesThePathAndThePackage() {
        XCTAssertThrowsError(try LandmarkModel(contentsOf: "/nonexistent/shape_predictor.dat")) { error in
            XCTAssertEqual(error as? FaceDetectionError, .modelMissing(path: "/nonexistent/shape_predictor.dat"))
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("/nonexistent/shape_predictor.dat: "), text)
            XCTAssertTrue(text.contains("libdlib-data"), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testCorruptModelsAreOneErrorNotACrash() throws {
        let garbage = try temporaryFile((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        let empty = try temporaryFile([])
        let text = try temporaryFile(Array("not a model\n".utf8))
        for url in [garbage, empty, text] {
            XCTAssertThrowsError(try LandmarkModel(contentsOf: url.path), url.path) { error in
                guard case let .modelCorrupt(path, _)? = error as? FaceDetectionError else {
                    return XCTFail("\(url.lastPathComponent): \(error)")
                }
                XCTAssertEqual(path, url.path)
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix(url.path + ": "), message)
                XCTAssertTrue(message.contains("libdlib-data"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testTruncatedRealModelIsCorrupt() throws {
        let path = LandmarkModel.path(explicit: nil)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw XCTSkip("dlib landmark model not found: \(path)") }
        let head = handle.readData(ofLength: 1 << 20)
        try handle.close()
        let url = try temporaryFile([UInt8](head))
        XCTAssertThrowsError(try LandmarkModel(contentsOf: url.path)) { error in
            guard case .modelCorrupt? = error as? FaceDetectionError else { return XCTFail("\(error)") }
        }
    }

    func testModelPathPrecedence() {
        XCTAssertEqual(LandmarkModel.path(explicit: "a.dat", environment: ["RESTYLE_DLIB_MODEL": "b.dat"]), "a.dat")
        XCTAssertEqual(LandmarkModel.path(explicit: nil, environment: ["RESTYLE_DLIB_MODEL": "b.dat"]), "b.dat")
        XCTAssertEqual(LandmarkModel.path(explicit: nil, environment: [:]), LandmarkModel.debianPath)
        XCTAssertEqual(LandmarkModel.path(explicit: "", environment: ["RESTYLE_DLIB_MODEL": ""]), LandmarkModel.debianPath)
    }

    func testNoFaceNamesTheFile() throws {
        let finder = try FaceFinder(model: SharedLandmarkModel.model())
        var image = RGBImage(width: 160, height: 120, red: 90, green: 120, blue: 150)
        for i in stride(from: 0, to: image.pixels.count, by: 7) { image.pixels[i] = UInt8(i % 251) }
        XCTAssertThrowsError(try finder.faces(in: image, file: "wall.png")) { error in
            XCTAssertEqual(error as? FaceDetectionError, .noFace(file: "wall.png"))
            XCTAssertEqual("\(error)", "wall.png: no face found")
        }
    }

    func testTooSmallImagesSaySo() throws {
        let detector = try FaceDetector()
        XCTAssertEqual(detector.minimumSide, 40)
        let image = RGBImage(width: 39, height: 300, red: 1, green: 2, blue: 3)
        XCTAssertThrowsError(try detector.detect(in: image, file: "tiny.png")) { error in
            XCTAssertEqual(error as? FaceDetectionError, .imageTooSmall(file: "tiny.png", width: 39, height: 300, minimumSide: 40))
            XCTAssertTrue("\(error)".contains("too small"), "\(error)")
        }
        XCTAssertEqual(try detector.detect(in: RGBImage(width: 40, height: 40, red: 0, green: 0, blue: 0)), [])
    }
}
