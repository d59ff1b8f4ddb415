import Foundation
import ImageCodecs
import Inversion
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// A toy synthetic-faces-64 ReStyle-e4e checkpoint produced by the repo's own training pipeline
/// (`scripts/train-shipped-model --preset toy`, then `training/make_toy_fixture.py`): float16 storage, style dim 32,
/// 8 mapping layers, 64 px generator of width 16, five IR-SE stages whose widths change at every stage start
/// (2×2 feature map, one conv per head), `opts.input_size` 64. It must load with no overrides and reproduce the
/// PyTorch reference (`toy_e4e.golden`) to 1e-4.
final class ToyModelLoadingTests: XCTestCase {
    private static let directory = TestPaths.fixtures.appendingPathComponent("toy-model")

    private func golden() throws -> GoldenFile { try GoldenFile(fixture: "toy-model/toy_e4e.golden") }

    private func model() throws -> ReStyleModel {
        try ReStyleModel(contentsOf: Self.directory.appendingPathComponent("restyle_e4e.pt"))
    }

    /// The architecture is inferred from keys and opts alone: every stage start shows as a width change.
    func testInfersArchitectureWithoutOverrides() throws {
        let m = try model()
        XCTAssertEqual(m.styleCount, 10)
        XCTAssertEqual(m.styleDim, 32)
        XCTAssertEqual(m.inputWidth, 64)
        XCTAssertEqual(m.generator.size, 64)
        XCTAssertEqual(m.datasetType, "ffhq_encode")
        let c = m.encoder.configuration
        XCTAssertEqual(c.type, .progressiveBackboneEncoder)
        XCTAssertEqual(c.inputChannels, 6)
        XCTAssertEqual(c.strideTwoUnits, [0, 1, 2, 3, 4])
        XCTAssertEqual(c.units.map(\.depth), [16, 20, 24, 28, 32])
        XCTAssertEqual(c.backboneStride, 32)
        XCTAssertEqual(c.headConvCount, 1)
        XCTAssertEqual(m.latentAverage.shape, [10, 32])
    }

    /// Mapping (8 layers, lr_mul 0.01) and synthesis from W against the reference.
    func testGeneratorMatchesReference() throws {
        let g = try golden(), generator = try model().generator
        let w = try generator.mapping(g.tensor("z"))                                    // [2, 32]
        assertClose(w, try g.tensor("w"), tolerance: 1e-4, "mapping")
        let image = try generator.synthesize(w: g.tensor("w"))                          // [2, 3, 64, 64]
        let r = assertClose(image, try g.tensor("generated"), tolerance: 1e-4, "G(w)")
        print("[toy G] max |Δ| \(r.maxAbsError)")
    }

    /// Average image and a whole 5-step ReStyle-e4e inversion of a held-out render.
    func testFiveStepInversionMatchesReference() throws {
        let g = try golden()
        let inverter = try ReStyleInverter(model: model())
        assertClose(try inverter.averageImage(height: 64, width: 64), try g.tensor("avg_image").slice(0),
                    tolerance: 1e-4, "average image G(latent_avg)")
        let trace = try inverter.invert(g.tensor("x"))
        let codes = try g.tensor("codes")                                               // [5, 10, 32]
        XCTAssertEqual(trace.steps.count, 5)
        var worst: Float = 0
        for (i, step) in trace.steps.enumerated() where i < codes.shape[0] {
            worst = max(worst, InversionFixtures.assertCodesClose(step.codes.reshaped([10, 32]), codes.slice(i), "toy step \(i) codes"))
        }
        let first = assertClose(trace.steps[0].image.slice(0), try g.tensor("images_first"), tolerance: 1e-4, "toy step 0 image")
        let last = assertClose(trace.steps[4].image.slice(0), try g.tensor("images_last"), tolerance: 1e-4, "toy step 4 image")
        print("[toy e4e] max |Δw|/(1+|w|) \(worst), images \(max(first.maxAbsError, last.maxAbsError))")
    }

    /// The committed face.png decodes (PNG → [-1, 1]) to the golden's input, so the CLI run on it inverts the same x.
    func testFaceFixtureIsTheGoldenInput() throws {
        let image = try ImageFile.decode(contentsOf: Self.directory.appendingPathComponent("face.png"))
        XCTAssertEqual([image.width, image.height], [64, 64])
        assertClose(image.tensor(), try golden().tensor("x"), tolerance: 1e-6, "face.png vs golden x")
    }
}
