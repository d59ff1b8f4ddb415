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
}
