import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// Bad files give the expected `ImageCodecError` case, naming the file; nothing aborts the process.
final class DecodeErrorTests: XCTestCase {
    /// Decodes `name`, expecting an error; checks that its message names the file and returns it.
    private func decodeError(_ name: String, limits: ImageDecodeLimits = .standard,
                             file: StaticString = #filePath, line: UInt = #line) -> ImageCodecError? {
        let url = imageFixture(name)
        do {
            let image = try ImageFile.decode(contentsOf: url, limits: limits)
            XCTFail("\(name) decoded to \(image.width)x\(image.height) instead of failing", file: file, line: line)
            return nil
        } catch let error as ImageCodecError {
            XCTAssertEqual(error.file, url.path, file: file, line: line)
            XCTAssertTrue("\(error)".contains(name), "message '\(error)' does not name \(name)", file: file, line: line)
            return error
        } catch {
            XCTFail("\(name): unexpected error type \(error)", file: file, line: line)
            return nil
        }
    }

    func testZeroByteFile() {
        XCTAssertEqual(decodeError("empty.png"), .emptyFile(file: imageFixture("empty.png").path))
    }

    func testTextFileNamedPNGIsNotAnImageAndSaysItIsText() throws {
        guard case .notAnImage(_, let looksLike)? = decodeError("text.png") else { return XCTFail("wrong case") }
        XCTAssertTrue(looksLike.hasPrefix("text starting with \"This is not an image"), looksLike)
    }

    func testGIFNamedJPEGIsNotAnImageAndSaysGIF() {
        guard case .notAnImage(_, let looksLike)? = decodeError("gif_named.jpg") else { return XCTFail("wrong case") }
        XCTAssertEqual(looksLike, "a GIF image")
    }

    func testPNGWithABadCRCReportsIt() {
        XCTAssertEqual(decodeError("bad_crc.png"),
                       .corrupt(file: imageFixture("bad_crc.png").path, format: .png, message: "IDAT: CRC error"))
    }

    /// Flipped bytes inside the compressed data: zlib fails before the chunk's CRC is checked.
    func testPNGWithCorruptCompressedDataReportsZlibsMessage() {
        XCTAssertEqual(decodeError("corrupt_idat.png"),
                       .corrupt(file: imageFixture("corrupt_idat.png").path, format: .png,
                                message: "IDAT: invalid code lengths set"))
    }

    func testTruncatedPNG() {
        guard case .truncated(_, let format, let message)? = decodeError("truncated.png") else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(format, .png)
        XCTAssertEqual(message, "unexpected end of data")
    }

    /// libjpeg would pad the missing rows with gray and only warn; we refuse.
    func testTruncatedJPEGIsAnErrorNotAHalfGrayImage() {
        guard case .truncated(_, let format, let message)? = decodeError("truncated.jpg") else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(format, .jpeg)
        XCTAssertTrue(message.contains("Premature end of JPEG file"), message)
    }

    func testCMYKJPEGIsRejectedWithAClearMessage() {
        let error = decodeError("cmyk.jpg")
        guard case .unsupported(_, .jpeg, let reason)? = error else { return XCTFail("wrong case \(String(describing: error))") }
        XCTAssertTrue(reason.hasPrefix("CMYK JPEG is not supported"), reason)
        XCTAssertTrue(reason.hasSuffix("convert to RGB"), reason)
    }

    /// Decompression-bomb guard: the header's size is refused before any pixel data is decoded.
    func testHugeDeclaredDimensionsAreRefused() {
        XCTAssertEqual(decodeError("huge.png"),
                       .tooLarge(file: imageFixture("huge.png").path, width: 20000, height: 20000, limits: .standard))
        XCTAssertEqual(decodeError("huge.jpg"),
                       .tooLarge(file: imageFixture("huge.jpg").path, width: 40000, height: 30000, limits: .standard))
    }

    /// Limits apply per side and to the pixel count; 17x13 = 221 pixels.
    func testCustomLimits() throws {
        let side = ImageDecodeLimits(maximumSide: 16, maximumPixels: 1000)
        XCTAssertEqual(decodeError("rgb8.png", limits: side),
                       .tooLarge(file: imageFixture("rgb8.png").path, width: 17, height: 13, limits: side))
        let count = ImageDecodeLimits(maximumSide: 100, maximumPixels: 220)
        XCTAssertEqual(decodeError("odd_size.jpg", limits: count),
                       .tooLarge(file: imageFixture("odd_size.jpg").path, width: 17, height: 13, limits: count))
        let exact = ImageDecodeLimits(maximumSide: 17, maximumPixels: 221)
        XCTAssertEqual(try ImageFile.decode(contentsOf: imageFixture("rgb8.png"), limits: exact).pixelCount, 221)
    }

    func testMissingFileAndDirectoryAreUnreadable() throws {
        let missing = imageFixture("no-such-file.png")
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: missing)) { error in
            XCTAssertEqual(error as? ImageCodecError, .unreadable(file: missing.path, reason: "no such file"))
            XCTAssertTrue("\(error)".contains("no-such-file.png"))
        }
        let directory = TestPaths.fixtures.appendingPathComponent("images")
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: directory)) { error in
            XCTAssertEqual(error as? ImageCodecError, .unreadable(file: directory.path, reason: "is a directory, not a regular file"))
        }
    }

    /// A FIFO blocked `open` forever and /dev/zero read without end; both are refused naming their kind.
    func testFIFOAndDevicesAreRefusedWithoutBlocking() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString).png")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        defer { try? FileManager.default.removeItem(at: fifo) }
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: fifo)) { error in
            XCTAssertEqual(error as? ImageCodecError, .unreadable(file: fifo.path, reason: "is a FIFO (named pipe), not a regular file"))
        }
        XCTAssertNil(ImageFile.format(of: fifo))
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: URL(fileURLWithPath: "/dev/zero"))) { error in
            XCTAssertEqual(error as? ImageCodecError, .unreadable(file: "/dev/zero", reason: "is a character device, not a regular file"))
        }
    }

    /// Every prefix of a valid PNG and JPEG fails cleanly with a typed error (never a crash or a gray image).
    func testEveryPrefixOfValidFilesFailsCleanly() throws {
        for name in ["palette_trns.png", "rgb8_interlaced.png", "progressive.jpg", "gray.jpg"] {
            let data = try Data(contentsOf: imageFixture(name))
            var cases: [String: Int] = [:]
            for length in stride(from: 0, to: data.count, by: 7) {
                do {
                    _ = try ImageFile.decode(data: data.prefix(length), name: "prefix-\(length)-\(name)")
                    XCTFail("\(name) cut at \(length) of \(data.count) bytes decoded")
                } catch let error as ImageCodecError {
                    XCTAssertTrue("\(error)".contains("prefix-\(length)-\(name)"))
                    let label = "\(error)".split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
                    cases[label, default: 0] += 1
                }
            }
            XCTAssertGreaterThan(cases.count, 1, "\(name): \(cases)")
        }
    }

    /// Flipping bytes anywhere in a valid file gives either an image of the right size or a typed error.
    func testRandomByteFlipsNeverCrash() throws {
        var generator = SeededGenerator(seed: 7)
        for name in ["rgb8.png", "baseline.jpg"] {
            let original = try Data(contentsOf: imageFixture(name))
            var failures = 0
            for _ in 0..<60 {
                var data = original
                for _ in 0..<3 {
                    let i = Int.random(in: 2..<data.count, using: &generator)
                    data[i] ^= UInt8.random(in: 1...255, using: &generator)
                }
                do {
                    let image = try ImageFile.decode(data: data, name: name)
                    XCTAssertEqual(image.pixels.count, image.pixelCount * 3)
                } catch is ImageCodecError {
                    failures += 1
                }
            }
            XCTAssertGreaterThan(failures, 0, name)
        }
    }

    /// The "looks like" guess for common non-image files.
    func testNotAnImageGuesses() {
        let cases: [([UInt8], String)] = [
            (Array("%PDF-1.7\n".utf8), "a PDF document"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "a ZIP archive (a PyTorch checkpoint?)"),
            ([0x93] + Array("NUMPY".utf8) + [1, 0], "a NumPy .npy file"),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "a WebP image"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0D, 0x0A, 0x1A], "a PNG with a damaged signature (transferred in text mode?)"),
            ([0x00, 0x01, 0xFE, 0x7F, 0x80, 0x10, 0x20, 0x30, 0x40], "unknown data starting with bytes 00 01 FE 7F 80 10 20 30"),
            (Array("Grüße \"x\"\n".utf8), "text starting with \"Grüße \\\"x\\\"\\n\""),
        ]
        for (bytes, want) in cases {
            XCTAssertThrowsError(try ImageFile.decode(data: Data(bytes), name: "f.bin")) { error in
                XCTAssertEqual(error as? ImageCodecError, .notAnImage(file: "f.bin", looksLike: want))
            }
        }
    }

    func testMessagesAreReadable() {
        let e = ImageCodecError.unsupported(file: "/x/a.jpg", format: .jpeg, reason: "CMYK JPEG is not supported; convert to RGB")
        XCTAssertEqual("\(e)", "/x/a.jpg: unsupported JPEG: CMYK JPEG is not supported; convert to RGB")
        XCTAssertEqual("\(ImageCodecError.emptyFile(file: "e.png"))", "e.png: the file is empty (0 bytes), not an image")
    }
}
