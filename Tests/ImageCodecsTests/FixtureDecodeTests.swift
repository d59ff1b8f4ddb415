import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// Every decodable fixture gives the pixels Pillow gives (scripts/fixtures/images.py).
final class FixtureDecodeTests: XCTestCase {
    /// Lossless PNGs: exact equality with the golden pixels.
    func testEveryPNGFixtureDecodesExactly() throws {
        let golden = try imageGolden()
        let names = ["rgb8", "rgba8", "gray8", "gray_alpha8", "gray1", "palette8", "palette_trns", "palette4",
                     "rgb_trns", "rgb16", "rgba16", "gray16", "rgb8_interlaced"]
        for name in names {
            let image = try ImageFile.decode(contentsOf: imageFixture("\(name).png"))
            let want = try golden.tensor(name)  // [H, W, 3]
            XCTAssertEqual([image.height, image.width, 3], want.shape, name)
            assertClose(image.floatPixels, want.scalars, tolerance: 0, name)
        }
    }

    /// The 16→8 rule is the high byte, v >> 8, on chosen values (row 0 of rgb16.png/gray16.png is
    /// 0, 255, 256, 32767, 32768, 65279, 65280, 65535, 128, 383, 384, 1000, 64000, 12345, 54321, 65534, 1).
    func testSixteenBitSamplesKeepTheirHighByte() throws {
        let want: [UInt8] = [0, 0, 1, 127, 128, 254, 255, 255, 0, 1, 1, 3, 250, 48, 212, 255, 0]
        for name in ["rgb16.png", "gray16.png"] {
            let image = try ImageFile.decode(contentsOf: imageFixture(name))
            XCTAssertEqual(image.width, 17, name)
            XCTAssertEqual(image.height, 13, name)
            for x in 0..<17 {
                let p = image.pixel(x: x, y: 0)
                XCTAssertEqual([p.red, p.green, p.blue], [want[x], want[x], want[x]], "\(name) x=\(x)")
            }
        }
    }

    /// Alpha is discarded, not composited: RGBA decodes to exactly the RGB of the opaque-free source.
    func testAlphaIsDiscarded() throws {
        let rgba = try ImageFile.decode(contentsOf: imageFixture("rgba8.png"))
        let rgb = try ImageFile.decode(contentsOf: imageFixture("rgb8.png"))
        XCTAssertEqual(rgba, rgb)
        let grayAlpha = try ImageFile.decode(contentsOf: imageFixture("gray_alpha8.png"))
        let gray = try ImageFile.decode(contentsOf: imageFixture("gray8.png"))
        XCTAssertEqual(grayAlpha, gray)
    }

    /// JPEGs: system libjpeg-turbo vs Pillow's bundled one may differ slightly in the IDCT.
    func testEveryJPEGFixtureMatchesPillow() throws {
        let golden = try imageGolden()
        for name in ["baseline", "progressive", "odd_size", "gray"] {
            let image = try ImageFile.decode(contentsOf: imageFixture("\(name).jpg"))
            let want = try golden.tensor(name)
            XCTAssertEqual([image.height, image.width, 3], want.shape, name)
            let c = assertClose(image.floatPixels, want.scalars, tolerance: 2, name)
            let meanAbs = zip(image.floatPixels, want.scalars).map { abs($0 - $1) }.reduce(0, +) / Float(want.count)
            XCTAssertLessThanOrEqual(meanAbs, 0.25, "\(name): mean abs diff \(meanAbs), \(c)")
            print("\(name).jpg vs Pillow: max abs diff \(c.maxAbsError), mean abs diff \(meanAbs)")
        }
    }

    /// A grayscale JPEG decodes to R = G = B.
    func testGrayscaleJPEGReplicatesChannels() throws {
        let image = try ImageFile.decode(contentsOf: imageFixture("gray.jpg"))
        XCTAssertEqual(image.width, 17)
        XCTAssertEqual(image.height, 13)
        for i in 0..<image.pixelCount {
            XCTAssertEqual(image.pixels[3 * i], image.pixels[3 * i + 1])
            XCTAssertEqual(image.pixels[3 * i], image.pixels[3 * i + 2])
        }
    }

    /// The format is sniffed from the bytes, not the name: a PNG decodes from data named ".jpg".
    func testFormatIsSniffedFromMagicBytes() throws {
        let data = try Data(contentsOf: imageFixture("rgb8.png"))
        let image = try ImageFile.decode(data: data, name: "misnamed.jpg")
        XCTAssertEqual(image, try ImageFile.decode(contentsOf: imageFixture("rgb8.png")))
        XCTAssertEqual(ImageFile.format(of: imageFixture("baseline.jpg")), .jpeg)
        XCTAssertEqual(ImageFile.format(of: imageFixture("rgb16.png")), .png)
        XCTAssertNil(ImageFile.format(of: imageFixture("text.png")))
        XCTAssertNil(ImageFile.format(of: imageFixture("gif_named.jpg")))
    }

    /// The official 1024x1024 face photos decode like Pillow decodes them (per-channel means and a few
    /// pixels measured with Pillow 13: face_img R 91.552 G 54.274 B 40.772; input_img R 75.051 G 62.177 B 54.297).
    func testOfficialJPEGsDecode() throws {
        let cases: [(path: String, means: [Double], pixels: [(x: Int, y: Int, rgb: [Int])])] = [
            ("restyle/face_img.jpg", [91.5523, 54.2736, 40.7724],
             [(0, 0, [155, 3, 0]), (512, 512, [234, 189, 156]), (1023, 1023, [114, 35, 22])]),
            ("e4e/input_img.jpg", [75.0511, 62.1772, 54.2966],
             [(0, 0, [10, 9, 7]), (512, 512, [198, 160, 141]), (1023, 1023, [9, 9, 9])]),
        ]
        for c in cases {
            let url = try OfficialFixtures.file(c.path)
            let image = try ImageFile.decode(contentsOf: url)
            XCTAssertEqual(image.width, 1024, c.path)
            XCTAssertEqual(image.height, 1024, c.path)
            print("\(c.path): byte sum \(image.pixels.reduce(0) { $0 + Int($1) }) (Pillow 13: face_img 195662499, input_img 200828343)")
            for (got, want) in zip(image.channelMeans, c.means) {
                XCTAssertEqual(got, want, accuracy: 0.05, "\(c.path) channel means \(image.channelMeans)")
            }
            for p in c.pixels {
                let got = image.pixel(x: p.x, y: p.y)
                let diffs = zip([got.red, got.green, got.blue].map(Int.init), p.rgb).map { abs($0 - $1) }
                XCTAssertLessThanOrEqual(diffs.max()!, 2, "\(c.path) pixel (\(p.x), \(p.y)) \(got) vs \(p.rgb)")
            }
        }
    }
}
