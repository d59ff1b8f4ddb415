import Foundation
import ImageCodecs
import Inversion
import TensorCore
import TestSupport
import XCTest

final class PreprocessingTests: XCTestCase {
    private func gradientImage(width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                pixels[i] = UInt8(x * 255 / max(width - 1, 1))
                pixels[i + 1] = UInt8(y * 255 / max(height - 1, 1))
                pixels[i + 2] = UInt8((x + y) % 256)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    func testImageAtInputSizeIsUsedBitForBit() throws {
        let image = gradientImage(width: 32, height: 24)
        let x = try EncoderInput(height: 24, width: 32).tensor(for: image)
        XCTAssertEqual(x.shape, [1, 3, 24, 32])
        XCTAssertEqual(x.scalars, image.tensor().scalars)
        XCTAssertEqual(x[0, 0, 5, 7], Float(image.pixels[(5 * 32 + 7) * 3]) / 255 * 2 - 1, accuracy: 1e-6)
    }

    func testDownscaleIsAntialiased() throws {
        // A 2x2 checkerboard of black and white averages to mid-grey when halved (plain bilinear would alias).
        var pixels = [UInt8](repeating: 0, count: 64 * 64 * 3)
        for y in 0..<64 { for x in 0..<64 where (x + y) % 2 == 0 { for c in 0..<3 { pixels[(y * 64 + x) * 3 + c] = 255 } } }
        let x = try EncoderInput(height: 16, width: 16).tensor(for: RGBImage(width: 64, height: 64, pixels: pixels))
        XCTAssertEqual(x.shape, [1, 3, 16, 16])
        let interior = (2..<14).flatMap { i in (2..<14).map { j in x[0, 1, i, j] } }
        XCTAssertLessThan(interior.map { abs($0) }.max()!, 0.02)   // mid-grey is 0 in [-1, 1]
    }

    func testUpscaleOfSmoothGradientStaysOnTheRamp() throws {
        let image = gradientImage(width: 16, height: 16)
        let x = try EncoderInput(height: 64, width: 64).tensor(for: image)
        // Red ramps with x: monotone non-decreasing along every row.
        for i in 0..<64 { for j in 1..<64 { XCTAssertGreaterThanOrEqual(x[0, 0, i, j], x[0, 0, i, j - 1] - 1e-6) } }
        XCTAssertEqual(x[0, 0, 10, 0], -1, accuracy: 1e-5)
        XCTAssertEqual(x[0, 0, 10, 63], 1, accuracy: 1e-5)
    }

    func testTinyImageIsAClearError() {
        XCTAssertThrowsError(try EncoderInput(height: 256, width: 256).tensor(for: RGBImage(width: 1, height: 1, red: 0, green: 0, blue: 0), file: "dot.png")) { error in
            XCTAssertEqual(error as? EncoderInput.InputError, .tooSmall(file: "dot.png", width: 1, height: 1))
            XCTAssertTrue("\(error)".contains("dot.png"))
        }
    }

    func testQuadOfAnUprightFace() throws {
        let lm = try FaceLandmarks(points: [SIMD2(40, 50), SIMD2(80, 50), SIMD2(60, 70), SIMD2(45, 90), SIMD2(75, 90)])
        let quad = FFHQAlignment(landmarks: lm).quad
        let expected: [SIMD2<Double>] = [SIMD2(-20, -26), SIMD2(-20, 134), SIMD2(140, 134), SIMD2(140, -26)]
        for (q, e) in zip(quad, expected) {
            XCTAssertEqual(q.x, e.x, accuracy: 1e-9)
            XCTAssertEqual(q.y, e.y, accuracy: 1e-9)
        }
        XCTAssertEqual(FFHQAlignment(landmarks: lm).quadSize, 160, accuracy: 1e-9)
    }

    func testSixtyEightPointsUseEyeCentresAndMouthCorners() throws {
        var points = [SIMD2<Double>](repeating: SIMD2(0, 0), count: 68)
        for i in 36..<42 { points[i] = SIMD2(40 + Double(i - 39), 50) }   // mean x = 40 (offsets -3…2 → −0.5)
        for i in 42..<48 { points[i] = SIMD2(80.5 + Double(i - 45), 50) }
        points[48] = SIMD2(45, 90); points[54] = SIMD2(75, 90)
        let lm = try FaceLandmarks(points: points)
        XCTAssertEqual(lm.eyeLeft.x, 39.5, accuracy: 1e-12)
        XCTAssertEqual(lm.eyeRight.x, 80, accuracy: 1e-12)
        XCTAssertEqual(lm.mouthRight, SIMD2(75, 90))
    }

    func testRotatedFaceIsAlignedUpright() throws {
        // Source 200x200 with a bright block at the right eye; the face is rotated 90° (eyes stacked vertically).
        var pixels = [UInt8](repeating: 30, count: 200 * 200 * 3)
        for y in 116..<124 { for x in 116..<124 { for c in 0..<3 { pixels[(y * 200 + x) * 3 + c] = 250 } } }
        let image = RGBImage(width: 200, height: 200, pixels: pixels)
        // Rotate the upright landmarks of the previous test by +90° about (100, 100): (x, y) → (200 − y, x).
        func rot(_ x: Double, _ y: Double) -> SIMD2<Double> { SIMD2(200 - y, x) }
        let upright: [(Double, Double)] = [(80, 80), (120, 80), (100, 100), (85, 120), (115, 120)]
        let lm = try FaceLandmarks(points: upright.map { rot($0.0, $0.1) })
        XCTAssertEqual(lm.eyeRight, SIMD2(120, 120))
        let aligned = FFHQAlignment(landmarks: lm).aligned(image, size: 64)
        XCTAssertEqual([aligned.width, aligned.height], [64, 64])
        // In the upright crop the right eye sits right of centre on the eye line: quad is c ± x ± y with
        // |x| = 80 (side 160), c = eyeAvg + 0.1·eyeToMouth → right eye at ((20 + 80)/160, (80 − 4 − 80 + 80)/160).
        let u = (20.0 + 80) / 160 * 64, v = (80.0 - 4) / 160 * 64
        let p = aligned.pixel(x: Int(u), y: Int(v))
        XCTAssertGreaterThan(p.red, 200, "eye marker at (\(Int(u)), \(Int(v)))")
        XCTAssertLessThan(aligned.pixel(x: 64 - Int(u), y: Int(v)).red, 60, "left eye position is dark")
    }

    func testLandmarkFilesInEveryAcceptedShape() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let five = "[[40,50],[80,50],[60,70],[45,90],[75,90]]"
        let files = ["bare.json": five, "keyed.json": "{\"landmarks\": \(five)}",
                     "map.json": "{\"face.jpg\": \(five), \"other.png\": \(five)}", "stem.json": "{\"face\": {\"landmarks\": \(five)}}"]
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            let lm = try FaceLandmarks.load(contentsOf: url, forImage: "/photos/face.jpg")
            XCTAssertEqual(lm.points.count, 5, name)
            XCTAssertEqual(lm.mouthLeft, SIMD2(45, 90), name)
        }
        let bad = dir.appendingPathComponent("three.json")
        try "[[1,2],[3,4],[5,6]]".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FaceLandmarks.load(contentsOf: bad, forImage: "x.jpg")) { error in
            XCTAssertTrue("\(error)".contains("three.json") && "\(error)".contains("found 3"), "\(error)")
        }
        XCTAssertThrowsError(try FaceLandmarks.load(contentsOf: dir.appendingPathComponent("map.json"), forImage: "missing.jpg")) { error in
            XCTAssertTrue("\(error)".contains("missing.jpg"), "\(error)")
        }
    }
}
