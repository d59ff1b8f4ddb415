import Foundation
import TensorCore
import TestSupport
import XCTest

/// The streaming kernels used by StyleGAN2's high-resolution layers against the whole-plane kernels:
/// every worker count and tile height, including tiles of one row and bands of one row.
final class StreamingConvKernelTests: XCTestCase {
    /// In-place 3×3 conv (identity epilogue) equals conv2d(pad 1).
    func testInPlaceConvMatchesConv2D() throws {
        var rng = SeededGenerator(seed: 11)
        for (c, h, w) in [(3, 7, 5), (4, 9, 6), (2, 2, 3)] {
            let x = rng.normalTensor([1, c, h, w]), weight = rng.normalTensor([c, c, 3, 3])
            let expected = try x.conv2d(weight: weight, padding: 1)                   // [1, C, H, W]
            for workers in [1, 2, 3] {
                for columns in [1, w + 1, 4 * w, 1000] {
                    var y = x
                    y.withUnsafeMutableBufferPointer { yp in
                        weight.withUnsafeBufferPointer { wp in
                            Conv2DInPlaceKernel.forwardSample(
                                data: yp.baseAddress!, channels: c, height: h, width: w, weight: wp.baseAddress!,
                                workspace: KernelWorkspace(), targetColumns: columns, workers: workers) { tile, rowStart, rows, data in
                                    for ch in 0..<c {
                                        (data + ch * h * w + rowStart * w).update(from: tile + ch * rows * w, count: rows * w)
                                    }
                                }
                        }
                    }
                    let r = assertClose(y, expected, tolerance: 1e-5, "C\(c) \(h)×\(w) workers \(workers) columns \(columns)")
                    XCTAssertLessThan(r.maxAbsError, 1e-5)
                }
            }
        }
    }

    /// Banded transposed conv + K4 blur equals convTranspose2dStride2 followed by blurK4Pad1.
    func testBandedUpsampleMatchesTransposedConvThenBlur() throws {
        var rng = SeededGenerator(seed: 12)
        for (c, o, h, w) in [(3, 2, 7, 5), (2, 3, 8, 4), (4, 2, 2, 1)] {
            let x = rng.normalTensor([1, c, h, w]), weight = rng.normalTensor([o, c, 3, 3])
            let expected = try x.convTranspose2dStride2(weight: weight).blurK4Pad1()   // [1, O, 2H, 2W]
            for workers in [1, 2, 3] {
                for columns in [1, w + 1, 3 * w, 1000] {
                    var out = Tensor(repeating: .nan, shape: [1, o, 2 * h, 2 * w])
                    let rowsSeen = RowCounter()
                    out.withUnsafeMutableBufferPointer { op in
                        x.withUnsafeBufferPointer { xp in
                            weight.withUnsafeBufferPointer { wp in
                                UpsampleConvBandKernel.forwardSample(
                                    input: xp.baseAddress!, weight: wp.baseAddress!, output: op.baseAddress!,
                                    inChannels: c, outChannels: o, height: h, width: w, workspace: KernelWorkspace(),
                                    targetColumns: columns, workers: workers) { _, rows in rowsSeen.add(rows) }
                            }
                        }
                    }
                    let label = "C\(c)→O\(o) \(h)×\(w) workers \(workers) columns \(columns)"
                    let r = assertClose(out, expected, tolerance: 1e-5, label)
                    XCTAssertLessThan(r.maxAbsError, 1e-5, label)
                    XCTAssertEqual(rowsSeen.total, 2 * h, "epilogue must see every output row once: \(label)")
                }
            }
        }
    }
}

/// Sums row counts reported from concurrent workers.
final class RowCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.lock(); count += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return count }
}
