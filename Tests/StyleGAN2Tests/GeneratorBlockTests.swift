import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Each block against the reference's per-block tensors (sample 0 of the W+ case), fed the golden block inputs.
final class GeneratorBlockTests: XCTestCase {
    func testBlocksG32() throws { try checkBlocks("g32", "g32_restyle.pt") }
    func testBlocksG256() throws { try checkBlocks("g256", "g256_restyle.pt") }

    private func checkBlocks(_ name: String, _ file: String) throws {
        let g = try GeneratorFixtures.load(file)
        let golden = try GeneratorFixtures.golden(name)
        let wPlus = try golden.tensor("wplus")                                       // [B, n, D]
        func w(_ r: Int) -> Tensor { GeneratorFixtures.row(r, of: wPlus) }          // [1, D]
        func check(_ actual: Tensor, _ key: String, _ tol: Float = 1e-4) throws {
            let c = assertClose(actual, try golden.tensor(key), tolerance: tol, "\(name) \(key)")
            print("\(name) \(key): max abs error \(c.maxAbsError)")
        }
        let input = try g.constantBatch(1)                                           // [1, C4, 4, 4]
        XCTAssertEqual(input.shape, [1, g.configuration.channels(at: 4), 4, 4])

        // conv1: style, raw modulated conv, full block (noise_0, bias, lrelu·√2).
        try check(g.conv1.conv.styles(w(0)), "conv1_style")
        try check(g.conv1.modulatedConvOutput(input, w: w(0)), "conv1_modconv_out")
        try check(g.conv1(input, w: w(0), noise: g.noises[0]), "conv1_out")

        // to_rgb1 on the golden conv1 output.
        let conv1Out = try golden.tensor("conv1_out")
        try check(g.toRGB1.conv.styles(w(1)), "to_rgb1_style")
        try check(g.toRGB1(conv1Out, w: w(1), skip: nil), "to_rgb1_out")

        // convs.0 (upsampling) and convs.1.
        try check(g.convs[0].conv.styles(w(1)), "convs.0_style")
        try check(g.convs[0].modulatedConvOutput(conv1Out, w: w(1)), "convs.0_modconv_out")
        try check(g.convs[0](conv1Out, w: w(1), noise: g.noises[1]), "convs.0_out")
        let conv0Out = try golden.tensor("convs.0_out")
        try check(g.convs[1].conv.styles(w(2)), "convs.1_style")
        try check(g.convs[1].modulatedConvOutput(conv0Out, w: w(2)), "convs.1_modconv_out")
        try check(g.convs[1](conv0Out, w: w(2), noise: g.noises[2]), "convs.1_out")

        // to_rgbs.0 with the upsampled skip.
        try check(g.toRGBs[0].conv.styles(w(3)), "to_rgbs.0_style")
        try check(g.toRGBs[0](golden.tensor("convs.1_out"), w: w(3), skip: golden.tensor("to_rgb1_out")), "to_rgbs.0_out")
    }

    func testModulatedWeightIsDemodulated() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let golden = try GeneratorFixtures.golden("g32")
        let s = try golden.tensor("convs.1_style").reshaped([20])
        let wm = try g.convs[1].conv.modulatedWeight(style: s)                       // [O, C, 3, 3]
        XCTAssertEqual(wm.shape, [20, 20, 3, 3])
        let v = wm.scalars
        for o in 0..<20 {
            let norm = v[(o * 180)..<((o + 1) * 180)].reduce(Float(0)) { $0 + $1 * $1 }
            XCTAssertEqual(norm, 1, accuracy: 1e-5, "row \(o) of a demodulated weight has unit norm")
        }
        // ToRGB is not demodulated.
        let rgb = try g.toRGB1.conv.modulatedWeight(style: golden.tensor("to_rgb1_style").reshaped([24]))
        let norm = rgb.scalars[0..<24].reduce(Float(0)) { $0 + $1 * $1 }
        XCTAssertGreaterThan(abs(norm - 1), 1e-3)
    }

    func testBlocksRejectWrongShapes() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let x = Tensor(zeros: [1, 23, 4, 4])
        XCTAssertThrowsError(try g.conv1(x, w: Tensor(zeros: [1, 32]), noise: nil)) { error in
            XCTAssertTrue("\(error)".contains("[1, 23, 4, 4]") && "\(error)".contains("[B, 24, H, W]"), "\(error)")
        }
        XCTAssertThrowsError(try g.conv1(Tensor(zeros: [1, 24, 4, 4]), w: Tensor(zeros: [1, 31]), noise: nil))
        XCTAssertThrowsError(try g.conv1(Tensor(zeros: [1, 24, 4, 4]), w: Tensor(zeros: [1, 32]), noise: Tensor(zeros: [1, 1, 8, 8])))
        XCTAssertThrowsError(try g.toRGBs[0](Tensor(zeros: [1, 20, 8, 8]), w: Tensor(zeros: [1, 32]), skip: Tensor(zeros: [1, 3, 8, 8])))
    }
}
