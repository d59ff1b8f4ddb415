import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// RGBImage ↔ Tensor: torchvision's ToTensor + Normalize(0.5, 0.5), and the official tensor2im.
final class TensorConversionTests: XCTestCase {
    /// Every byte value maps to the float32 torchvision computes (golden from PyTorch), bit for bit.
    func testToTensorMatchesTorchvisionBitForBit() throws {
        let golden = try imageGolden()
        let want = try golden.tensor("to_tensor_output").scalars  // [256]
        let bytes = (0..<256).map(UInt8.init)
        // A 16x16 image whose R channel runs through 0...255, G reversed, B constant 128.
        var pixels: [UInt8] = []
        for v in bytes { pixels += [v, 255 - v, 128] }
        let t = RGBImage(width: 16, height: 16, pixels: pixels).tensor()
        XCTAssertEqual(t.shape, [1, 3, 16, 16])
        let s = t.scalars
        assertClose(Array(s[0..<256]), want, tolerance: 0, "R")
        assertClose(Array(s[256..<512]), want.reversed(), tolerance: 0, "G")
        XCTAssertTrue(s[512..<768].allSatisfy { $0 == want[128] })
        XCTAssertEqual(want[0], -1)
        XCTAssertEqual(want[255], 1)
    }

    /// tensor2im truncates: chosen values, then a golden of 256 values from NumPy (float32, official formula).
    func testTensor2imTruncatesLikeTheOfficialCode() throws {
        XCTAssertEqual(RGBImage.tensor2imByte(0.999), 254)
        XCTAssertEqual(RGBImage.tensor2imByte(1), 255)
        XCTAssertEqual(RGBImage.tensor2imByte(-1.5), 0)
        XCTAssertEqual(RGBImage.tensor2imByte(1.5), 255)
        XCTAssertEqual(RGBImage.tensor2imByte(0), 127)  // 127.5 truncates
        XCTAssertEqual(RGBImage.tensor2imByte(-1), 0)
        XCTAssertEqual(RGBImage.tensor2imByte(.nan), 0)
        XCTAssertEqual(RGBImage.tensor2imByte(.infinity), 255)
        XCTAssertEqual(RGBImage.tensor2imByte(-.infinity), 0)

        let golden = try imageGolden()
        let input = try golden.tensor("tensor2im_input").scalars  // [256]
        let want = try golden.tensor("tensor2im_output").scalars
        let image = try RGBImage(tensor: Tensor(shape: [3, 16, 16], values: input + input.reversed() + input))
        assertClose(image.pixels.enumerated().filter { $0.offset % 3 == 0 }.map { Float($0.element) }, want,
                    tolerance: 0, "tensor2im R")
        assertClose(image.pixels.enumerated().filter { $0.offset % 3 == 1 }.map { Float($0.element) }, want.reversed(),
                    tolerance: 0, "tensor2im G")
    }

    /// Image → tensor → tensor2im is *not* the identity, in PyTorch as here: float32 rounding puts
    /// (x + 1) / 2 · 255 just below v for v = 1...63, which truncation turns into v − 1. Matches the golden.
    func testRoundTripThroughTensorMatchesTheOfficialOffByOne() throws {
        let want = try imageGolden().tensor("round_trip_output").scalars  // [256]
        var all: [UInt8] = []
        for v in 0..<256 { all += [UInt8(v), UInt8(255 - v), UInt8(v)] }
        let ramp = RGBImage(width: 256, height: 1, pixels: all)
        let back = try RGBImage(tensor: ramp.tensor())
        for v in 0..<256 {
            XCTAssertEqual(Float(back.pixels[3 * v]), want[v], "byte \(v)")
            XCTAssertEqual(Float(back.pixels[3 * v + 1]), want[255 - v], "byte \(255 - v)")
        }
        let changed = (0..<256).filter { Int(back.pixels[3 * $0]) != $0 }
        XCTAssertEqual(changed, Array(1...63))
        XCTAssertTrue(changed.allSatisfy { Int(back.pixels[3 * $0]) == $0 - 1 })
    }

    /// NCHW layout: channel planes, row-major; [3, H, W] and [1, 3, H, W] give the same image.
    func testLayoutAndAcceptedShapes() throws {
        let image = RGBImage(width: 2, height: 1, pixels: [255, 0, 0, 0, 0, 255])  // red, blue
        let t = image.tensor()
        XCTAssertEqual(t.scalars, [1, -1, -1, -1, -1, 1])
        XCTAssertEqual(try RGBImage(tensor: t.reshaped([3, 1, 2])), image)
        for shape in [[2, 3, 1, 2], [1, 1, 2, 3], [6, 2], [1, 4, 1, 1]] {
            let bad = Tensor(zeros: shape)
            XCTAssertThrowsError(try RGBImage(tensor: bad)) { error in
                XCTAssertEqual(error as? ImageCodecError, .invalidTensorShape(shape))
            }
        }
    }
}
