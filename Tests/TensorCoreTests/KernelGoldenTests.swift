import TensorCore
import TestSupport
import XCTest

/// Fast kernels against PyTorch outputs written by scripts/fixtures/kernels.py (tolerance 1e-5 · max(1, max|y|)).
final class KernelGoldenTests: XCTestCase {
    func testConv2dMatchesTorch() throws {
        let g = try GoldenFile(fixture: "kernels/conv2d.golden")
        // name, stride, padding, bias — mirrors conv_cases() in kernels.py
        for (name, s, p, bias) in [("k3s1p1_bias", 1, 1, true), ("k5s2p2", 2, 2, false), ("k1s1p0_bias", 1, 0, true),
                                   ("k7s2p3_stem", 2, 3, false), ("k3s2p1_even", 2, 1, true), ("k3s1p0_c17", 1, 0, true)] {
            let y = try g.tensor("\(name).x").conv2d(weight: try g.tensor("\(name).w"),
                                                     bias: bias ? try g.tensor("\(name).b") : nil, stride: s, padding: p)
            assertCloseScaled(y, try g.tensor("\(name).y"), name)
        }
    }

    func testConvTranspose2dMatchesTorch() throws {
        let g = try GoldenFile(fixture: "kernels/conv_transpose2d.golden")
        for name in ["k3", "k4", "k1"] {
            let y = try g.tensor("\(name).x").convTranspose2dStride2(weight: try g.tensor("\(name).w"))
            assertCloseScaled(y, try g.tensor("\(name).y"), name)
        }
    }

    func testUpfirdn2dAndFastPathsMatchTorch() throws {
        let g = try GoldenFile(fixture: "kernels/upfirdn2d.golden")
        assertClose(Tensor.blurKernelK4, try g.tensor("k4"), tolerance: 0, "K4")
        let cases: [(String, String, Int, Int, Int, Int)] = [
            ("torgb_up", "k4", 2, 1, 2, 1), ("blur_after_tconv", "k4", 1, 1, 1, 1), ("blur_down_pad", "k_sum1", 1, 1, 2, 2),
            ("down2", "k_sum1", 1, 2, 1, 1), ("up2_crop", "k4", 2, 1, -1, 2), ("up3_random_kernel", "rand35", 3, 2, 1, -1),
        ]
        for (name, kernel, up, down, p0, p1) in cases {
            let x = try g.tensor("\(name).x"), expected = try g.tensor("\(name).y")
            let y = try x.upfirdn2d(kernel: try g.tensor(kernel), Upfirdn2DParameters(up: up, down: down, pad0: p0, pad1: p1))
            assertCloseScaled(y, expected, name)
        }
        assertCloseScaled(try g.tensor("torgb_up.x").upsample2xK4(), try g.tensor("torgb_up.y"), "upsample2xK4")
        assertCloseScaled(try g.tensor("blur_after_tconv.x").blurK4Pad1(), try g.tensor("blur_after_tconv.y"), "blurK4Pad1")
    }

    func testPoolingAndResizingMatchTorch() throws {
        let g = try GoldenFile(fixture: "kernels/resampling.golden")
        let x = try g.tensor("pool.x")
        for (oh, ow) in [(4, 5), (10, 13), (3, 1), (15, 17)] {
            assertCloseScaled(try x.adaptiveAvgPool2d(outHeight: oh, outWidth: ow), try g.tensor("pool.\(oh)x\(ow)"), "pool \(oh)x\(ow)")
        }
        assertCloseScaled(try g.tensor("pool16.x").adaptiveAvgPool2d(outHeight: 4, outWidth: 4), try g.tensor("pool16.4x4"), "pool16")
        let xr = try g.tensor("resize.x")
        for (oh, ow) in [(12, 5), (7, 9), (3, 4), (14, 18)] {
            assertCloseScaled(try xr.resizedBilinear(outHeight: oh, outWidth: ow, mode: .halfPixel),
                              try g.tensor("resize.half.\(oh)x\(ow)"), "half-pixel \(oh)x\(ow)")
            assertCloseScaled(try xr.resizedBilinear(outHeight: oh, outWidth: ow, mode: .alignCorners),
                              try g.tensor("resize.corners.\(oh)x\(ow)"), "align corners \(oh)x\(ow)")
        }
        let xa = try g.tensor("resize_aa.x")
        for (oh, ow) in [(16, 12), (9, 41), (50, 20)] {
            assertCloseScaled(try xa.resizedBilinear(outHeight: oh, outWidth: ow, mode: .antialiased),
                              try g.tensor("resize_aa.\(oh)x\(ow)"), "antialiased \(oh)x\(ow)")
        }
    }

    func testPointwiseOpsMatchTorch() throws {
        let g = try GoldenFile(fixture: "kernels/pointwise.golden")
        let x = try g.tensor("x")
        let bn = try BatchNormFolded(weight: try g.tensor("bn.weight"), bias: try g.tensor("bn.bias"),
                                     runningMean: try g.tensor("bn.mean"), runningVar: try g.tensor("bn.var"))
        assertCloseScaled(try x.batchNorm(bn), try g.tensor("bn.y"), "batchNorm")
        assertCloseScaled(try x.fusedLeakyReLU(bias: try g.tensor("flrelu.bias")), try g.tensor("flrelu.y"), "fusedLeakyReLU")
        assertCloseScaled(x.leakyReLU(), try g.tensor("lrelu.y"), "leakyReLU")
        assertCloseScaled(try x.prelu(slopes: try g.tensor("prelu.a")), try g.tensor("prelu.y"), "prelu")
        assertCloseScaled(x.sigmoid(), try g.tensor("sigmoid.y"), "sigmoid")
        assertCloseScaled(try g.tensor("pixelnorm.x").pixelNormalized(), try g.tensor("pixelnorm.y"), "pixelNorm")
    }
}
