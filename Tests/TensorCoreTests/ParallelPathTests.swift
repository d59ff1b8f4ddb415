import Foundation
import TensorCore
import TestSupport
import XCTest

/// Shapes large enough that the kernels take their multi-threaded paths (Parallel.minimumParallelWork).
final class ParallelPathTests: XCTestCase {
    func testConv2dThreadingModesAgreeWithReference() throws {
        var rng = SeededGenerator(seed: 70)
        let x = rng.normalTensor([1, 8, 40, 36]), w = rng.normalTensor([4, 8, 3, 3]), b = rng.normalTensor([4])
        let expected = Reference.conv2d(x, weight: w, bias: b, padding: 1)
        assertCloseScaled(try x.conv2d(weight: w, bias: b, padding: 1), expected, "default threading")
        let g = try Conv2DGeometry(inChannels: 8, height: 40, width: 36, outChannels: 4, kernelHeight: 3, kernelWidth: 3, padding: 1)
        for threading in [Conv2DThreading.blasThreaded, .rowSplit] {
            for columns in [36, 100, 5000] {
                var out = [Float](repeating: .nan, count: 4 * 40 * 36)
                x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in
                    out.withUnsafeMutableBufferPointer { op in
                        Conv2DKernel.forwardSample(input: xp.baseAddress!, weight: wp.baseAddress!, bias: bp.baseAddress!,
                                                   output: op.baseAddress!, geometry: g, targetColumns: columns, threading: threading)
                    }
                } } }
                assertCloseScaled(Tensor(shape: [1, 4, 40, 36], values: out), expected, "\(threading) \(columns) columns")
            }
        }
    }

    func testLargeTransposedConvUpfirdnAndResize() throws {
        var rng = SeededGenerator(seed: 71)
        let x = rng.normalTensor([1, 4, 30, 30]), w = rng.normalTensor([8, 4, 3, 3])
        assertCloseScaled(try x.convTranspose2dStride2(weight: w), Reference.convTranspose2dStride2(x, weight: w), "tconv")

        let planes = rng.normalTensor([2, 3, 40, 40])
        let up = Upfirdn2DParameters(up: 2, pad0: 2, pad1: 1)
        let general = try planes.upfirdn2d(kernel: .blurKernelK4, up)
        assertCloseScaled(general, Reference.upfirdn2d(planes, kernel: .blurKernelK4, up), "upfirdn2d")
        assertClose(try planes.upsample2xK4(), general, tolerance: 1e-5, "upsample2xK4")
        assertClose(try planes.blurK4Pad1(), try planes.upfirdn2d(kernel: .blurKernelK4, Upfirdn2DParameters(pad0: 1, pad1: 1)),
                    tolerance: 1e-5, "blurK4Pad1")

        let img = rng.normalTensor([2, 3, 64, 64])
        for mode in [BilinearMode.halfPixel, .antialiased] {
            assertClose(try img.resizedBilinear(outHeight: 32, outWidth: 32, mode: mode),
                        Reference.resizeBilinear(img, outHeight: 32, outWidth: 32, mode: mode), tolerance: 1e-5, "\(mode)")
        }
        assertClose(try img.adaptiveAvgPool2d(outHeight: 16, outWidth: 16), Reference.adaptiveAvgPool2d(img, outHeight: 16, outWidth: 16),
                    tolerance: 1e-5, "pool")
    }

    /// Products past `GEMM.splitMinimumFlops` are split into column slices (n ≥ m, widths not a multiple of the
    /// 16-column alignment) or row slices (m > n); inside a region they run whole. All must equal the naive sum.
    func testSplitGEMMMatchesNaiveSum() throws {
        var rng = SeededGenerator(seed: 72)
        for (m, n, k) in [(40, 301, 190), (333, 45, 160)] {
            XCTAssertGreaterThanOrEqual(2 * m * n * k, GEMM.splitMinimumFlops, "shape must take the split path")
            for (ta, tb) in [(false, false), (true, true)] {
                let a = rng.normalTensor(ta ? [k, m] : [m, k]), b = rng.normalTensor(tb ? [n, k] : [k, n])
                let expected = flatMatmul(a, b, transposeA: ta, transposeB: tb)
                assertCloseScaled(try Tensor.matmul(a, b, transposeA: ta, transposeB: tb), expected, "m\(m) n\(n) k\(k) ta\(ta)")
                let inside = ResultBox()
                Parallel.region(1) { _ in inside.set(try? Tensor.matmul(a, b, transposeA: ta, transposeB: tb)) }
                Parallel.region(2) { w in if w == 0 { inside.set(try? Tensor.matmul(a, b, transposeA: ta, transposeB: tb)) } }
                assertCloseScaled(try XCTUnwrap(inside.value), expected, "inside a region, m\(m) n\(n)")
            }
        }
    }

    /// Workers see `isInsideRegion`; a loop started inside a worker runs on that worker's thread.
    func testRegionsDoNotNest() {
        XCTAssertFalse(Parallel.isInsideRegion)
        let seen = FlagBox()
        Parallel.region(2) { _ in
            if !Parallel.isInsideRegion { seen.fail("worker not marked") }
            let outer = pthread_self()
            Parallel.forEach(64, workPerItem: 1 << 20) { _ in
                if pthread_equal(pthread_self(), outer) == 0 { seen.fail("nested loop left its worker's thread") }
            }
        }
        XCTAssertFalse(Parallel.isInsideRegion, "the marker must be cleared on the calling thread")
        XCTAssertNil(seen.failure, seen.failure ?? "")
    }
}

/// A tensor written from a worker.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Tensor?
    func set(_ t: Tensor?) { lock.lock(); stored = t; lock.unlock() }
    var value: Tensor? { lock.lock(); defer { lock.unlock() }; return stored }
}

/// The first failure reported from a worker.
private final class FlagBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var failure: String?
    func fail(_ message: String) { lock.lock(); if failure == nil { failure = message }; lock.unlock() }
}
