import TensorCore
import TestSupport
import XCTest

final class ConvTranspose2DTests: XCTestCase {
    func testConvTransposeMatchesReferenceOnShapeGrid() throws {
        var rng = SeededGenerator(seed: 20)
        // (N, C, H, W, O, k)
        for (n, c, h, w, o, k) in [(1, 1, 1, 1, 1, 3), (1, 3, 4, 4, 2, 3), (2, 5, 3, 6, 4, 3), (1, 2, 5, 3, 3, 1),
                                   (1, 4, 2, 7, 2, 4), (1, 17, 3, 3, 2, 3), (3, 2, 4, 5, 1, 5)] {
            let x = rng.normalTensor([n, c, h, w]), wt = rng.normalTensor([o, c, k, k])
            let fast = try must(x.convTranspose2dStride2(weight: wt))
            XCTAssertEqual(fast.shape, [n, o, 2 * h - 2 + k, 2 * w - 2 + k])
            assertCloseScaled(fast, Reference.convTranspose2dStride2(x, weight: wt), "N\(n) C\(c) \(h)x\(w) O\(o) k\(k)")
        }
    }

    func testRowTiledColumnsMatchSingleTile() throws {
        var rng = SeededGenerator(seed: 21)
        let x = rng.normalTensor([1, 3, 6, 5]), w = rng.normalTensor([2, 3, 3, 3])
        let g = try ConvTranspose2DGeometry(inChannels: 3, height: 6, width: 5, outChannels: 2, kernelSize: 3)
        XCTAssertEqual(g.rowsPerTile(targetColumnBytes: 1), 1)
        var out = [Float](repeating: .nan, count: 2 * g.outHeight * g.outWidth)
        x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            ConvTranspose2DKernel.forwardSample(input: xp.baseAddress!, weight: wp.baseAddress!, output: op.baseAddress!,
                                                geometry: g, targetColumnBytes: 1)
        } } }
        assertCloseScaled(Tensor(shape: [1, 2, 13, 11], values: out), Reference.convTranspose2dStride2(x, weight: w), "tiled")
    }

    func testTapMajorWeightLayoutGivesTheSameResult() throws {
        var rng = SeededGenerator(seed: 22)
        let (c, o, k) = (5, 3, 3)
        let x = rng.normalTensor([1, c, 4, 6]), w = rng.normalTensor([o, c, k, k])
        // [O, C, k, k] → [O, k, k, C]
        var tapMajor = [Float](repeating: 0, count: w.count)
        for oc in 0..<o { for ic in 0..<c { for a in 0..<k { for b in 0..<k {
            tapMajor[((oc * k + a) * k + b) * c + ic] = w[oc, ic, a, b]
        } } } }
        let g = try ConvTranspose2DGeometry(inChannels: c, height: 4, width: 6, outChannels: o, kernelSize: k)
        var out = [Float](repeating: .nan, count: o * g.outHeight * g.outWidth)
        x.withUnsafeBufferPointer { xp in tapMajor.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            ConvTranspose2DKernel.forwardSample(input: xp.baseAddress!, weight: wp.baseAddress!, output: op.baseAddress!,
                                                geometry: g, weightLayout: .tapMajor)
        } } }
        assertCloseScaled(Tensor(shape: [1, o, g.outHeight, g.outWidth], values: out),
                          Reference.convTranspose2dStride2(x, weight: w), "tap-major")
    }

    func testRejectsNonSquareOrMismatchedWeight() {
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 4, 4]).convTranspose2dStride2(weight: Tensor(zeros: [2, 3, 3, 2])))
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 4, 4]).convTranspose2dStride2(weight: Tensor(zeros: [2, 4, 3, 3]))) {
            XCTAssertTrue("\($0)".contains("convTranspose2dStride2"))
        }
    }
}
