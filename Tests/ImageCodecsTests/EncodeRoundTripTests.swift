import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// PNG and JPEG encoders: round trips, the quality option, and atomic writes.
final class EncodeRoundTripTests: XCTestCase {
    func testPNGRoundTripIsExact() throws {
        for (w, h) in [(1, 1), (17, 13), (64, 3)] {
            let image = syntheticImage(width: w, height: h, seed: UInt64(w * 100 + h))
            let data = try PNGEncoder().encode(image)
            XCTAssertEqual(ImageFormat.sniff(data), .png)
            XCTAssertEqual(try ImageFile.decode(data: data, name: "roundtrip.png"), image, "\(w)x\(h)")
        }
    }

    func testJPEGQuality95RoundTripIsClose() throws {
        let image = syntheticImage(width: 48, height: 40, seed: 3, noise: 2)  // photo-like: little chroma noise
        let data = try JPEGEncoder(quality: 95).encode(image)
        XCTAssertEqual(ImageFormat.sniff(data), .jpeg)
        let decoded = try ImageFile.decode(data: data, name: "roundtrip.jpg")
        XCTAssertEqual(decoded.width, 48)
        XCTAssertEqual(decoded.height, 40)
        let diffs = zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }
        let mean = Double(diffs.reduce(0, +)) / Double(diffs.count)
        XCTAssertLessThan(mean, 2, "mean abs error \(mean)")
        XCTAssertLessThan(diffs.max()!, 12, "max abs error \(diffs.max()!)")
        print("JPEG q95 round trip 48x40: mean abs error \(mean), max \(diffs.max()!), \(data.count) bytes")
    }

    /// Lower quality gives fewer bytes and a larger error.
    func testQualityChangesSizeAndError() throws {
        let image = syntheticImage(width: 64, height: 48, seed: 5)
        var sizes: [Int] = []
        var errors: [Double] = []
        for quality in [10, 50, 95] {
            let data = try JPEGEncoder(quality: quality).encode(image)
            let decoded = try ImageFile.decode(data: data, name: "q\(quality).jpg")
            sizes.append(data.count)
            errors.append(Double(zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +))
                          / Double(image.pixels.count))
        }
        XCTAssertLessThan(sizes[0], sizes[1], "sizes \(sizes)")
        XCTAssertLessThan(sizes[1], sizes[2], "sizes \(sizes)")
        XCTAssertGreaterThan(errors[0], errors[2], "errors \(errors)")
    }

    func testInvalidQualityIsATypedError() {
        for quality in [0, 101, -5] {
            XCTAssertThrowsError(try JPEGEncoder(quality: quality)) { error in
                XCTAssertEqual(error as? ImageCodecError, .invalidQuality(quality))
            }
        }
        XCTAssertEqual(try JPEGEncoder(quality: 1).quality, 1)
        XCTAssertEqual(try JPEGEncoder(quality: 100).quality, 100)
    }

    func testZeroSizedImageCannotBeEncoded() {
        let empty = RGBImage(width: 0, height: 4, pixels: [])
        XCTAssertThrowsError(try PNGEncoder().encode(empty, name: "empty.png")) { error in
            guard case .encodeFailed("empty.png", .png, _)? = error as? ImageCodecError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try JPEGEncoder().encode(empty, name: "empty.jpg"))
    }

    /// write(to:) picks the format from the extension and leaves no temporary files behind.
    func testWriteInfersFormatAndLeavesNoTemporaryFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        let image = syntheticImage(width: 20, height: 10, seed: 9)
        for name in ["a.png", "b.jpg", "c.JPEG", "nested/dir/d.png"] {
            try image.write(to: directory.appendingPathComponent(name), quality: 90)
        }
        XCTAssertEqual(ImageFile.format(of: directory.appendingPathComponent("a.png")), .png)
        XCTAssertEqual(ImageFile.format(of: directory.appendingPathComponent("b.jpg")), .jpeg)
        XCTAssertEqual(ImageFile.format(of: directory.appendingPathComponent("c.JPEG")), .jpeg)
        XCTAssertEqual(try ImageFile.decode(contentsOf: directory.appendingPathComponent("nested/dir/d.png")), image)
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(listing, ["a.png", "b.jpg", "c.JPEG", "nested"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("nested/dir").path),
                       ["d.png"])
    }

    /// Failures never clobber an existing file and leave no temporary files.
    func testFailedWritesDoNotClobber() throws {
        let directory = try makeTemporaryDirectory(self)
        let image = syntheticImage(width: 8, height: 8, seed: 1)
        let target = directory.appendingPathComponent("keep.png")
        try image.write(to: target)
        let before = try Data(contentsOf: target)

        // Unknown extension: refused before anything is written.
        let gif = directory.appendingPathComponent("keep.gif")
        XCTAssertThrowsError(try image.write(to: gif)) { error in
            XCTAssertEqual(error as? ImageCodecError, .unsupportedExtension(file: gif.path, pathExtension: "gif"))
            XCTAssertTrue("\(error)".contains("keep.gif"))
        }
        // Encoding error (bad quality) on an existing destination: untouched.
        let jpegTarget = directory.appendingPathComponent("keep.jpg")
        try image.write(to: jpegTarget)
        let jpegBefore = try Data(contentsOf: jpegTarget)
        XCTAssertThrowsError(try syntheticImage(width: 4, height: 4, seed: 2).write(to: jpegTarget, quality: 0))
        XCTAssertEqual(try Data(contentsOf: jpegTarget), jpegBefore)

        // A parent that is a regular file: the directory cannot exist, so the write fails and names the file.
        let underFile = target.appendingPathComponent("inside.png")
        XCTAssertThrowsError(try image.write(to: underFile)) { error in
            guard case .writeFailed(let file, _)? = error as? ImageCodecError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, underFile.path)
        }
        // A directory that cannot be created (even as root).
        let impossible = URL(fileURLWithPath: "/proc/restyle-edit-no-such-dir/out.jpg")
        XCTAssertThrowsError(try image.write(to: impossible)) { error in
            guard case .writeFailed(let file, _)? = error as? ImageCodecError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, impossible.path)
            XCTAssertTrue("\(error)".contains("out.jpg"))
        }
        // The destination is a non-empty directory: rename fails after the temporary file was written.
        let blocker = directory.appendingPathComponent("blocker.png")
        try FileManager.default.createDirectory(at: blocker.appendingPathComponent("x"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try image.write(to: blocker)) { error in
            XCTAssertTrue("\(error)".contains("blocker.png"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: target), before)
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(listing, ["blocker.png", "keep.jpg", "keep.png"], "temporary files left: \(listing)")
    }
}
