import TensorCore
import TestSupport
import XCTest

final class ResamplingTests: XCTestCase {
    static let sizes: [(Int, Int, Int, Int)] = [(10, 13, 4, 5), (16, 16, 4, 4), (7, 7, 7, 7), (5, 8, 9, 3), (1, 6, 3, 2), (12, 9, 1, 1)]

    func testAdaptiveAvgPoolMatchesReference() throws {
        var rng = SeededGenerator(seed: 50)
        for (h, w, oh, ow) in Self.sizes {
            let x = rng.normalTensor([2, 3, h, w])
            assertClose(try x.adaptiveAvgPool2d(outHeight: oh, outWidth: ow),
                        Reference.adaptiveAvgPool2d(x, outHeight: oh, outWidth: ow), tolerance: 1e-5, "\(h)x\(w)→\(oh)x\(ow)")
        }
    }

    func testAdaptiveAvgPoolIsExactBlockMeanForDivisibleSizes() throws {
        let x = Tensor(shape: [1, 1, 4, 4], values: (0..<16).map(Float.init))
        XCTAssertEqual(try x.adaptiveAvgPool2d(outHeight: 2, outWidth: 2).scalars, [2.5, 4.5, 10.5, 12.5])
    }

    func testBilinearModesMatchReference() throws {
        var rng = SeededGenerator(seed: 51)
        for (h, w, oh, ow) in Self.sizes + [(37, 41, 16, 12), (4, 4, 15, 6)] {
            let x = rng.normalTensor([1, 2, h, w])
            for mode in [BilinearMode.halfPixel, .alignCorners, .antialiased] {
                assertClose(try x.resizedBilinear(outHeight: oh, outWidth: ow, mode: mode),
                            Reference.resizeBilinear(x, outHeight: oh, outWidth: ow, mode: mode), tolerance: 1e-5,
                            "\(mode) \(h)x\(w)→\(oh)x\(ow)")
            }
        }
    }

    func testAntialiasedEqualsPlainBilinearWhenUpscaling() throws {
        var rng = SeededGenerator(seed: 52)
        let x = rng.normalTensor([1, 1, 5, 6])
        assertClose(try x.resizedBilinear(outHeight: 11, outWidth: 13, mode: .antialiased),
                    try x.resizedBilinear(outHeight: 11, outWidth: 13, mode: .halfPixel), tolerance: 1e-6, "upscale")
    }

    func testIdentitySizeIsExactCopy() throws {
        var rng = SeededGenerator(seed: 53)
        let x = rng.normalTensor([1, 3, 6, 5])
        for mode in [BilinearMode.halfPixel, .alignCorners, .antialiased] {
            XCTAssertEqual(try x.resizedBilinear(outHeight: 6, outWidth: 5, mode: mode).scalars, x.scalars, "\(mode)")
        }
    }
}
