import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// The pixel limit fits the machine (issue 20): a 254 KB 16384×16384 PNG took 15.6 s and 3.97 GB to invert;
/// it is now refused before decompression, and the resize to the encoder input reads the bytes row by row.
final class ImageSizeLimitTests: XCTestCase {
    /// A PNG of signature, IHDR (`width`×`height`, 8-bit gray), a stub IDAT and IEND: enough for the size check.
    private func pngHeader(width: Int, height: Int) -> [UInt8] {
        func u32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return u32(body.count) + typed + u32(Int(TestZipWriter.crc32(typed)))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", u32(width) + u32(height) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C]) + chunk("IEND", [])
    }

    func testStandardLimitIs2To26PixelsAndRefusesTheCampaignsImage() throws {
        XCTAssertEqual(ImageDecodeLimits.standard.maximumPixels, 1 << 26)
        XCTAssertEqual(ImageDecodeLimits.standard.maximumSide, 16384)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(pngHeader(width: 16384, height: 16384)).write(to: url)
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: url)) { error in
            XCTAssertEqual(error as? ImageCodecError, .tooLarge(file: url.path, width: 16384, height: 16384, limits: .standard))
        }
        // At the limit the header passes (this file then fails for want of pixel data, not for its size).
        try Data(pngHeader(width: 8192, height: 8192)).write(to: url)
        XCTAssertThrowsError(try ImageFile.decode(contentsOf: url)) { error in
            if case .tooLarge = error as? ImageCodecError { XCTFail("8192×8192 is within the limit: \(error)") }
        }
    }

    func testRowByRowResizeEqualsTheFullTensorResizeBitForBit() throws {
        var rng = SeededGenerator(seed: 11)
        for (w, h, ow, oh) in [(53, 37, 16, 16), (8, 8, 20, 12), (300, 200, 256, 192), (17, 13, 17, 6)] {
            let pixels = (0..<(w * h * 3)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let image = RGBImage(width: w, height: h, pixels: pixels)
            for mode in [BilinearMode.antialiased, .halfPixel, .alignCorners] {
                let expected = try image.tensor().resizedBilinear(outHeight: oh, outWidth: ow, mode: mode)
                let got = try image.resizedTensor(height: oh, width: ow, mode: mode)
                XCTAssertEqual(got.shape, [1, 3, oh, ow])
                XCTAssertEqual(got.scalars, expected.scalars, "\(w)×\(h) → \(ow)×\(oh) \(mode)")
            }
        }
    }
}
