import TensorCore
import TestSupport
import XCTest

final class Conv2DTests: XCTestCase {
    /// (N, C, H, W, O, k, stride, padding): odd sizes, stride 2, 1×1, k 3/5/7, pads 0…3, batch > 1, non-square.
    static let grid: [(Int, Int, Int, Int, Int, Int, Int, Int)] = [
        (1, 1, 5, 5, 1, 3, 1, 1), (2, 3, 7, 9, 4, 3, 1, 1), (1, 4, 8, 8, 5, 3, 2, 1), (1, 2, 9, 6, 3, 3, 2, 0),
        (2, 5, 6, 7, 2, 1, 1, 0), (1, 6, 5, 4, 7, 1, 2, 0), (1, 3, 6, 6, 2, 1, 1, 1), (1, 2, 11, 9, 3, 5, 1, 2),
        (1, 3, 10, 13, 2, 5, 2, 3), (1, 2, 15, 12, 2, 7, 2, 3), (1, 1, 7, 7, 2, 7, 1, 0), (1, 17, 5, 6, 3, 3, 1, 1),
        (3, 2, 4, 3, 2, 3, 1, 2), (1, 2, 6, 9, 3, 3, 3, 1),
    ]

    func testConv2dMatchesReferenceOnShapeGrid() throws {
        var rng = SeededGenerator(seed: 10)
        for (i, (n, c, h, w, o, k, s, p)) in Self.grid.enumerated() {
            let x = rng.normalTensor([n, c, h, w]), wt = rng.normalTensor([o, c, k, k])
            let bias: Tensor? = i % 2 == 0 ? rng.normalTensor([o]) : nil
            let fast = try must(x.conv2d(weight: wt, bias: bias, stride: s, padding: p))
            let ref = Reference.conv2d(x, weight: wt, bias: bias, stride: s, padding: p)
            assertCloseScaled(fast, ref, "conv2d N\(n) C\(c) \(h)x\(w) O\(o) k\(k) s\(s) p\(p)")
        }
    }

    func testNonSquareKernel() throws {
        var rng = SeededGenerator(seed: 11)
        let x = rng.normalTensor([1, 3, 7, 8]), w = rng.normalTensor([2, 3, 3, 5])
        assertCloseScaled(try x.conv2d(weight: w, padding: 2), Reference.conv2d(x, weight: w, padding: 2), "3x5 kernel")
    }

    func testTiledIm2colEqualsSingleTile() throws {
        // A 1-KB tile target forces one output row per tile.
        var rng = SeededGenerator(seed: 12)
        let x = rng.normalTensor([1, 4, 13, 11]), w = rng.normalTensor([3, 4, 3, 3]), b = rng.normalTensor([3])
        let g = try Conv2DGeometry(inChannels: 4, height: 13, width: 11, outChannels: 3, kernelHeight: 3, kernelWidth: 3,
                                   stride: 1, padding: 1)
        XCTAssertEqual(Conv2DTilePlan(g, targetColumnBytes: 1024).rowsPerTile, 1)
        XCTAssertEqual(Conv2DTilePlan(g, targetColumns: 23).rowsPerTile, 3)
        XCTAssertEqual(Conv2DTilePlan(g, targetColumnBytes: 1024).tileCount, 13)
        var out = [Float](repeating: 0, count: 3 * 13 * 11)
        x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
                Conv2DKernel.forwardSample(input: xp.baseAddress!, weight: wp.baseAddress!, bias: bp.baseAddress!,
                                           output: op.baseAddress!, geometry: g, targetColumnBytes: 1024)
            }
        } } }
        assertCloseScaled(Tensor(shape: [1, 3, 13, 11], values: out),
                          Reference.conv2d(x, weight: w, bias: b, padding: 1), "row-tiled conv")
    }

    func testTilePlanCapsColumnBufferFor32ChannelMegapixelConv() throws {
        let g = try Conv2DGeometry(inChannels: 32, height: 1024, width: 1024, outChannels: 32,
                                   kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        let untiled = g.columnRows * g.outHeight * g.outWidth * 4
        XCTAssertGreaterThan(untiled, 64 << 20, "the full column matrix would be \(untiled) bytes")
        for (target, columns) in [(Conv2DTilePlan.defaultTargetColumnBytes, Conv2DTilePlan.defaultTargetColumns),
                                  (64 << 20, Int.max), (1 << 40, Int.max), (1 << 40, 1 << 20)] {
            let plan = Conv2DTilePlan(g, targetColumnBytes: target, targetColumns: columns)
            XCTAssertLessThanOrEqual(plan.columnBufferBytes, 64 << 20, "target \(target)")
            XCTAssertEqual(plan.columnBufferBytes, plan.rowsPerTile * g.columnRows * g.outWidth * 4)
            XCTAssertGreaterThanOrEqual(plan.tileCount * plan.rowsPerTile, g.outHeight)
            XCTAssertLessThan((plan.tileCount - 1) * plan.rowsPerTile, g.outHeight)
        }
        // Unbounded column target: the byte cap alone decides (64 MB / (288 · 1024 · 4 B) = 56 rows).
        XCTAssertEqual(Conv2DTilePlan(g, targetColumnBytes: 1 << 40, targetColumns: Int.max).rowsPerTile, 56)
        XCTAssertEqual(Conv2DTilePlan.maximumColumnBytes, 64 << 20)
    }

    func testPointwiseConvSkipsIm2col() throws {
        let g = try Conv2DGeometry(inChannels: 8, height: 64, width: 64, outChannels: 4, kernelHeight: 1, kernelWidth: 1)
        let plan = Conv2DTilePlan(g)
        XCTAssertTrue(plan.skipsIm2col)
        XCTAssertEqual(plan.columnBufferBytes, 0)
        let strided = try Conv2DGeometry(inChannels: 8, height: 64, width: 64, outChannels: 4, kernelHeight: 1, kernelWidth: 1, stride: 2)
        XCTAssertFalse(Conv2DTilePlan(strided).skipsIm2col)
    }

    func testConv2dErrorsNameOperationAndShapes() {
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 5, 5]).conv2d(weight: Tensor(zeros: [2, 4, 3, 3]))) { error in
            XCTAssertEqual("\(error)", "TensorCore.conv2d: weight has shape [2, 4, 3, 3], expected [O, 3, kh, kw]")
        }
        XCTAssertThrowsError(try Tensor(zeros: [3, 5, 5]).conv2d(weight: Tensor(zeros: [2, 3, 3, 3])))
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 2, 2]).conv2d(weight: Tensor(zeros: [2, 3, 5, 5])))
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 5, 5]).conv2d(weight: Tensor(zeros: [2, 3, 3, 3]), bias: Tensor(zeros: [3])))
        XCTAssertThrowsError(try Tensor(zeros: [1, 3, 5, 5]).conv2d(weight: Tensor(zeros: [2, 3, 3, 3]), stride: 0))
    }
}
