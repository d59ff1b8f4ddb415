import Foundation
import TensorCore
import TestSupport
import XCTest

/// Winograd F(2×2, 3×3) against the naive direct conv (`Reference.conv2d`, pad 1): odd and even sizes, one-row and
/// one-column images, bands of one tile row up to the whole image, with and without bias, out of place and in place.
final class WinogradConv3x3Tests: XCTestCase {
    /// output `[1, O, H, W]` of the out-of-place kernel.
    private func winograd(_ x: Tensor, _ weight: Tensor, bias: Tensor?, targetTiles: Int, bandBytes: Int) -> Tensor {
        let c = x.shape[1], h = x.shape[2], w = x.shape[3], o = weight.shape[0]
        var out = Tensor(repeating: .nan, shape: [1, o, h, w])
        let biasValues = bias?.scalars
        out.withUnsafeMutableBufferPointer { op in
            x.withUnsafeBufferPointer { xp in
                weight.withUnsafeBufferPointer { wp in
                    if let biasValues {
                        biasValues.withUnsafeBufferPointer { bp in
                            WinogradConv3x3Kernel.forwardSample(
                                input: xp.baseAddress!, weight: wp.baseAddress!, bias: bp.baseAddress!, output: op.baseAddress!,
                                inChannels: c, outChannels: o, height: h, width: w, workspace: KernelWorkspace(),
                                targetTiles: targetTiles, targetBandBytes: bandBytes)
                        }
                    } else {
                        WinogradConv3x3Kernel.forwardSample(
                            input: xp.baseAddress!, weight: wp.baseAddress!, bias: nil, output: op.baseAddress!,
                            inChannels: c, outChannels: o, height: h, width: w, workspace: KernelWorkspace(),
                            targetTiles: targetTiles, targetBandBytes: bandBytes)
                    }
                }
            }
        }
        return out
    }

    func testOutOfPlaceMatchesDirectConv() {
        var rng = SeededGenerator(seed: 31)
        for (c, o, h, w) in [(3, 2, 7, 5), (4, 5, 8, 8), (2, 3, 1, 6), (3, 2, 6, 1), (1, 1, 1, 1), (5, 4, 9, 10)] {
            let x = rng.normalTensor([1, c, h, w]), weight = rng.normalTensor([o, c, 3, 3]), bias = rng.normalTensor([o])
            for withBias in [false, true] {
                let expected = Reference.conv2d(x, weight: weight, bias: withBias ? bias : nil, padding: 1)
                for tiles in [1, (w + 1) / 2 + 1, 1 << 20] {
                    let label = "C\(c)→O\(o) \(h)×\(w) bias \(withBias) tiles \(tiles)"
                    let y = winograd(x, weight, bias: withBias ? bias : nil, targetTiles: tiles, bandBytes: 1 << 30)
                    let r = assertCloseScaled(y, expected, label)
                    XCTAssertFalse(y.scalars.contains { $0.isNaN }, "every output written: \(label)")
                    XCTAssertLessThan(r.maxAbsError, 1e-5 * magnitude(expected), label)
                }
            }
        }
    }

    /// The byte cap alone also splits the image into bands.
    func testByteBudgetSplitsBands() {
        var rng = SeededGenerator(seed: 32)
        let x = rng.normalTensor([1, 6, 12, 9]), weight = rng.normalTensor([7, 6, 3, 3])
        let expected = Reference.conv2d(x, weight: weight, padding: 1)
        assertCloseScaled(winograd(x, weight, bias: nil, targetTiles: 1 << 20, bandBytes: 1), expected, "one tile row per band")
    }

    /// Precision at a generator-like size: within 2× the error the im2col conv makes against a Double reference.
    func testErrorComparableToDirectConv() throws {
        var rng = SeededGenerator(seed: 33)
        let c = 64, h = 16
        let x = rng.normalTensor([1, c, h, h])
        let weight = rng.normalTensor([c, c, 3, 3]).scaled(by: 1 / Float(9 * c).squareRoot())
        let exact = Reference.conv2d(x, weight: weight, padding: 1)          // Double accumulation
        let im2col = try x.conv2d(weight: weight, padding: 1)
        let wino = winograd(x, weight, bias: nil, targetTiles: 16, bandBytes: 1 << 30)
        let direct = assertClose(im2col, exact, tolerance: 1e-4, "im2col vs Double").maxAbsError
        let fast = assertClose(wino, exact, tolerance: 1e-4, "Winograd vs Double").maxAbsError
        XCTAssertLessThan(fast, max(2 * direct, 2e-6), "Winograd error \(fast) vs im2col \(direct)")
    }

    func testInPlaceMatchesDirectConv() {
        var rng = SeededGenerator(seed: 34)
        for (c, h, w) in [(3, 7, 5), (4, 8, 6), (2, 1, 3), (3, 5, 1)] {
            let x = rng.normalTensor([1, c, h, w]), weight = rng.normalTensor([c, c, 3, 3])
            let expected = Reference.conv2d(x, weight: weight, padding: 1)
            for tiles in [1, (w + 1) / 2 + 1, 1 << 20] {
                var y = x
                let rowsSeen = RowCounter()
                y.withUnsafeMutableBufferPointer { yp in
                    weight.withUnsafeBufferPointer { wp in
                        WinogradConv3x3Kernel.forwardInPlace(
                            data: yp.baseAddress!, channels: c, height: h, width: w, weight: wp.baseAddress!,
                            workspace: KernelWorkspace(), targetTiles: tiles) { tile, channels, rowStart, rows, data in
                                if channels.lowerBound == 0 { rowsSeen.add(rows) }
                                for ch in channels {
                                    (data + ch * h * w + rowStart * w).update(from: tile + ch * rows * w, count: rows * w)
                                }
                            }
                    }
                }
                let label = "C\(c) \(h)×\(w) tiles \(tiles)"
                let r = assertCloseScaled(y, expected, label)
                XCTAssertLessThan(r.maxAbsError, 1e-5 * magnitude(expected), label)
                XCTAssertEqual(rowsSeen.total, h, "epilogue must see every row once: \(label)")
            }
        }
    }

    func testProfitabilityNeedsChannelsAndArea() {
        XCTAssertTrue(WinogradConv3x3Kernel.isProfitable(inChannels: 64, outChannels: 64, height: 128, width: 128))
        XCTAssertFalse(WinogradConv3x3Kernel.isProfitable(inChannels: 3, outChannels: 64, height: 256, width: 256))
        XCTAssertFalse(WinogradConv3x3Kernel.isProfitable(inChannels: 512, outChannels: 512, height: 4, width: 4))
    }
}
