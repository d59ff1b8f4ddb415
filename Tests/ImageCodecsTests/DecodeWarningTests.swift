import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// Harmless library warnings are collected (never printed) and do not fail the decode.
final class DecodeWarningTests: XCTestCase {
    /// Garbage bytes before the JPEG's SOS marker: libjpeg warns, the pixels are intact.
    func testJPEGExtraneousBytesAreAWarning() throws {
        let data = try Data(contentsOf: imageFixture("baseline.jpg"))
        let bytes = [UInt8](data)
        let sos = try XCTUnwrap((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
        let padded = Data(bytes[..<sos] + [0x12, 0x34] + bytes[sos...])
        let clean = try ImageFile.decodeWithDetails(data: data, name: "baseline.jpg")
        XCTAssertEqual(clean.warnings, [])
        XCTAssertEqual(clean.format, .jpeg)
        let decoded = try ImageFile.decodeWithDetails(data: padded, name: "padded.jpg")
        XCTAssertEqual(decoded.image, clean.image)
        XCTAssertEqual(decoded.warnings, ["Corrupt JPEG data: 2 extraneous bytes before marker 0xda"])
    }

    /// An ancillary chunk with a bad CRC: libpng warns and skips it, the pixels are intact.
    func testPNGAncillaryChunkWithBadCRCIsAWarning() throws {
        let data = try Data(contentsOf: imageFixture("rgb8.png"))
        let iend = data.count - 12  // the IEND chunk is the last 12 bytes
        XCTAssertEqual(Array(data[(iend + 4)..<(iend + 8)]), Array("IEND".utf8))
        let badText: [UInt8] = [0, 0, 0, 4] + Array("tEXt".utf8) + Array("a\0bc".utf8) + [0xDE, 0xAD, 0xBE, 0xEF]
        let twice = Data(data.prefix(iend)) + Data(badText) + Data(badText) + Data(data.suffix(12))
        let decoded = try ImageFile.decodeWithDetails(data: twice, name: "text-chunk.png")
        XCTAssertEqual(decoded.format, .png)
        XCTAssertEqual(decoded.image, try ImageFile.decode(data: data, name: "rgb8.png"))
        XCTAssertEqual(decoded.warnings, ["tEXt: CRC error", "… and 1 more warning"])
    }
}
