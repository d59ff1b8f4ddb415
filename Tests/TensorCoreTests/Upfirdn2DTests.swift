import TensorCore
import TestSupport
import XCTest

final class Upfirdn2DTests: XCTestCase {
    func testGeneralMatchesLiteralReference() throws {
        var rng = SeededGenerator(seed: 30)
        // (shape, kh, kw, up, down, pad0, pad1)
        let cases: [([Int], Int, Int, Int, Int, Int, Int)] = [
            ([1, 2, 5, 5], 4, 4, 2, 1, 2, 1), ([2, 1, 7, 6], 4, 4, 1, 1, 1, 1), ([1, 3, 6, 9], 4, 4, 1, 1, 2, 2),
            ([1, 1, 9, 8], 4, 4, 1, 2, 1, 1), ([1, 2, 6, 7], 3, 3, 2, 1, -1, 2), ([1, 1, 4, 5], 3, 5, 3, 2, 1, -1),
            ([3, 4, 4], 1, 1, 1, 1, 0, 0), ([2, 3, 3], 2, 3, 2, 3, 0, 3), ([1, 1, 10, 5], 5, 2, 1, 1, -2, 0),
        ]
        for (shape, kh, kw, up, down, p0, p1) in cases {
            let x = rng.normalTensor(shape), k = rng.normalTensor([kh, kw])
            let p = Upfirdn2DParameters(up: up, down: down, pad0: p0, pad1: p1)
            let fast = try must(x.upfirdn2d(kernel: k, p))
            assertCloseScaled(fast, Reference.upfirdn2d(x, kernel: k, p), "\(shape) k\(kh)x\(kw) up\(up) down\(down) pad(\(p0),\(p1))")
        }
    }

    func testToRGBUpsampleFastPathEqualsGeneral() throws {
        var rng = SeededGenerator(seed: 31)
        for shape in [[1, 3, 1, 1], [1, 3, 4, 4], [2, 3, 5, 7], [1, 1, 8, 3]] {
            let x = rng.normalTensor(shape)
            let fast = try must(x.upsample2xK4())
            let general = try must(x.upfirdn2d(kernel: .blurKernelK4, Upfirdn2DParameters(up: 2, pad0: 2, pad1: 1)))
            XCTAssertEqual(fast.shape, [shape[0], shape[1], 2 * shape[2], 2 * shape[3]])
            assertClose(fast, general, tolerance: 1e-6, "upsample2xK4 \(shape)")
        }
    }

    func testBlurAfterTransposedConvFastPathEqualsGeneral() throws {
        var rng = SeededGenerator(seed: 32)
        for shape in [[1, 2, 3, 3], [1, 2, 9, 9], [2, 3, 2, 2], [1, 1, 7, 4], [1, 1, 17, 17]] {
            let x = rng.normalTensor(shape)
            let fast = try must(x.blurK4Pad1())
            let general = try must(x.upfirdn2d(kernel: .blurKernelK4, Upfirdn2DParameters(pad0: 1, pad1: 1)))
            XCTAssertEqual(fast.shape, [shape[0], shape[1], shape[2] - 1, shape[3] - 1])
            assertClose(fast, general, tolerance: 1e-6, "blurK4Pad1 \(shape)")
        }
    }

    func testK4KernelValues() {
        let k = Tensor.blurKernelK4
        XCTAssertEqual(k[0, 0], 0.0625); XCTAssertEqual(k[0, 1], 0.1875); XCTAssertEqual(k[1, 1], 0.5625)
        XCTAssertEqual(k.scalars.reduce(0, +), 4, accuracy: 1e-6)
    }

    func testRejectsEmptyOutputAndBadFactors() {
        let x = Tensor(zeros: [1, 1, 2, 2])
        XCTAssertThrowsError(try x.upfirdn2d(kernel: .blurKernelK4, Upfirdn2DParameters(pad0: -2, pad1: 0)))
        XCTAssertThrowsError(try x.upfirdn2d(kernel: .blurKernelK4, Upfirdn2DParameters(up: 0, pad0: 2, pad1: 2)))
        XCTAssertThrowsError(try Tensor(zeros: [1, 1, 1, 3]).blurK4Pad1())
    }
}
