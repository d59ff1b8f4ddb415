import Foundation
import Inversion
import TensorCore
import TestSupport
import XCTest

/// Whole ReStyle runs against `scripts/fixtures/inversion.py` (PyTorch reference, float32): every step's W+ within
/// 1e-4 · (1 + |w|), every image within 1e-4, 5 steps, for e4e, pSp, ResNet-pSp, cars (ResNet-e4e), bootstrapping
/// and a starting code.
final class InversionGoldenTests: XCTestCase {
    /// Checks every stored step of `trace` against `<run>.golden`; prints the measured errors.
    private func check(_ trace: InversionTrace, run: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let g = try InversionFixtures.golden(run)
        let codes = try g.tensor("codes"), deltas = try g.tensor("deltas")               // [5, n, D]
        XCTAssertEqual(trace.steps.count, codes.shape[0], "\(run): step count", file: file, line: line)
        XCTAssertNil(trace.stoppedAt, file: file, line: line)
        var worstCode: Float = 0, worstDelta: Float = 0, worstImage: Float = 0
        let n = codes.shape[1], d = codes.shape[2]
        for (i, step) in trace.steps.enumerated() where i < codes.shape[0] {
            worstCode = max(worstCode, InversionFixtures.assertCodesClose(step.codes.reshaped([n, d]), codes.slice(i),
                                                                           "\(run) step \(i) codes", file: file, line: line))
            let previous = i == 0 ? trace.startCodes : trace.steps[i - 1].codes
            let delta = try step.codes.adding(previous, scaledBy: -1).reshaped([n, d])
            worstDelta = max(worstDelta, assertClose(delta, deltas.slice(i), tolerance: 1e-4, "\(run) step \(i) encoder output",
                                                     file: file, line: line).maxAbsError)
        }
        let images: [(Int, Tensor)]
        if g.names.contains("images") {
            let all = try g.tensor("images")
            images = (0..<all.shape[0]).map { ($0, all.slice($0)) }
        } else {
            images = [(0, try g.tensor("images_first")), (trace.steps.count - 1, try g.tensor("images_last"))]
        }
        for (i, expected) in images {
            let actual = trace.steps[i].image.slice(0)
            worstImage = max(worstImage, assertClose(actual, expected, tolerance: 1e-4, "\(run) step \(i) image",
                                                     file: file, line: line).maxAbsError)
            let pooled = try actual.reshaped([1] + actual.shape).adaptiveAvgPool2d(outHeight: trace.startImage.shape[2],
                                                                                  outWidth: trace.startImage.shape[3])
            XCTAssertEqual(trace.steps[i].feedback.scalars, pooled.scalars, "\(run) step \(i) feedback = pooled image", file: file, line: line)
        }
        print("[\(run)] max |Δw|/(1+|w|) \(worstCode), encoder outputs \(worstDelta), images \(worstImage) over \(trace.steps.count) steps")
    }

    private func inputs() throws -> GoldenFile { try InversionFixtures.golden("inputs") }

    func testE4E() throws {
        let inverter = try ReStyleInverter(model: InversionFixtures.model("e4e"))
        let x = try inputs().tensor("x")
        assertClose(try inverter.averageImage(height: 64, width: 64), try inputs().tensor("avg_image").slice(0),
                    tolerance: 1e-4, "average image")
        try check(inverter.invert(x), run: "e4e")
    }

    func testPSP() throws {
        let inverter = try ReStyleInverter(model: InversionFixtures.model("psp"))
        try check(inverter.invert(inputs().tensor("x")), run: "psp")
    }

    func testResNetPSP() throws {
        let inverter = try ReStyleInverter(model: InversionFixtures.model("resnet_psp"))
        try check(inverter.invert(inputs().tensor("x")), run: "resnet_psp")
    }

    func testCarsCropAndPool() throws {
        let model = try InversionFixtures.model("cars_e4e")
        XCTAssertTrue(model.isCars)
        XCTAssertEqual(model.defaultOptions.outputCrop, .carsRows)
        let inverter = try ReStyleInverter(model: model, options: model.defaultOptions)
        let x = try inputs().tensor("x_cars")                                              // [1, 3, 24, 32]
        let trace = try inverter.invert(x)
        XCTAssertEqual(trace.steps[0].image.shape, [1, 3, 48, 64])
        XCTAssertEqual(trace.steps[0].feedback.shape, [1, 3, 24, 32])
        assertClose(trace.startImage, try inputs().tensor("avg_image_cars"), tolerance: 1e-4, "cars average image")
        try check(trace, run: "cars_e4e")
    }

    func testBootstrapping() throws {
        var options = InversionOptions()
        options.bootstrap = .init(model: try InversionFixtures.model("e4e"), steps: 1)
        let inverter = try ReStyleInverter(model: InversionFixtures.model("psp"), options: options)
        let trace = try inverter.invert(inputs().tensor("x"))
        XCTAssertEqual(trace.steps.map(\.usedBootstrapModel), [true, false, false, false, false])
        try check(trace, run: "bootstrap_e4e_psp")
        // Step 0 is exactly the e4e run's step 0 (same average image, encoder and latent_avg).
        XCTAssertEqual(trace.steps[0].codes.scalars,
                       try ReStyleInverter(model: InversionFixtures.model("e4e"), options: { var o = InversionOptions(); o.iterations = 1; return o }())
                           .invert(inputs().tensor("x")).steps[0].codes.scalars)
    }

    func testInitialLatent() throws {
        var options = InversionOptions()
        options.initialLatent = try inputs().tensor("init_latent")                          // [n, D]
        let inverter = try ReStyleInverter(model: InversionFixtures.model("e4e"), options: options)
        let trace = try inverter.invert(inputs().tensor("x"))
        XCTAssertEqual(trace.startCodes.shape, [1] + options.initialLatent!.shape)
        XCTAssertEqual(trace.startCodes.scalars, options.initialLatent!.scalars)
        assertClose(trace.startImage, try InversionFixtures.golden("init_latent_e4e").tensor("start_image"), tolerance: 1e-4,
                    "start image = pooled G(init latent)")
        try check(trace, run: "init_latent_e4e")
    }
}
