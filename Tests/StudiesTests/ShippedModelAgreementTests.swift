import Checkpoints
import Foundation
import ImageCodecs
import Inversion
import StyleGAN2
import Studies
import TensorCore
import TestSupport
import XCTest

/// The shipped model (`models/synthetic-faces-64/`) computes what PyTorch computes: mapping and synthesis of the
/// generator from 4 seeds, the attribute network on 4 held-out renders, and a 5-step ReStyle inversion of 2 renders
/// with each shipped encoder, against `Tests/Fixtures/shipped-model/` (written by `training/make_shipped_fixtures.py`),
/// to 1e-4.
final class ShippedModelAgreementTests: XCTestCase {
    static let model = TestPaths.repositoryRoot.appendingPathComponent("models/synthetic-faces-64")
    static let fixtures = TestPaths.fixtures.appendingPathComponent("shipped-model")

    private func array(_ name: String) throws -> Tensor {
        let sd = try StateDict.load(Self.fixtures.appendingPathComponent(name))
        return try sd.tensor(sd.tensors[0].key)
    }

    func testGeneratorMatchesPyTorch() throws {
        let g = try Generator(contentsOf: Self.model.appendingPathComponent("generator.pt"))
        XCTAssertEqual(g.size, 64)
        let z = try array("z.npy")                                                     // [4, D]
        let w = try g.mapping(z)                                                       // [4, D]
        assertClose(w, try array("w.npy"), tolerance: 1e-4, "mapping")
        assertClose(try XCTUnwrap(g.latentAverage), try array("latent_avg.npy"), tolerance: 0, "latent_avg")
        let images = try g.synthesize(w: try array("w.npy"))                          // [4, 3, 64, 64]
        assertClose(images, try array("images.npy"), tolerance: 1e-4, "G(w)")
    }

    func testAttributeNetworkMatchesPyTorchOnTheRenders() throws {
        let net = try AttributeNet(contentsOf: Self.model.appendingPathComponent("attributes.pt"))
        let x = try array("attr_inputs.npy")                                           // [4, 3, 64, 64]
        assertClose(try net.rawOutputs(x), try array("attr_raw.npy"), tolerance: 1e-4, "raw outputs")
        assertClose(try net.scores(x), try array("attr_scores.npy"), tolerance: 1e-4, "scores")
        // The PNGs decode to the same inputs (what a user's image goes through).
        for i in 0..<4 {
            let image = try ImageFile.decode(contentsOf: Self.fixtures.appendingPathComponent("attr_input_\(i).png"))
            assertClose(try image.tensor().reshaped([3, 64, 64]), x.slice(i), tolerance: 1e-6, "render \(i) from PNG")
        }
    }

    /// ReStyle-e4e and ReStyle-pSp: the average image, every step's W+ codes and the step-1 and step-5 images.
    func testShippedEncodersInvertAsPyTorchDoes() throws {
        let x = try array("attr_inputs.npy")                                           // [4, 3, 64, 64]
        let faces = Tensor.stack([x.slice(0), x.slice(1)])                             // [2, 3, 64, 64]
        for kind in ["e4e", "psp"] {
            let checkpoint = Self.model.appendingPathComponent("restyle_\(kind).pt")
            let inverter = try ReStyleInverter(model: ReStyleModel(contentsOf: checkpoint))
            assertClose(try inverter.averageImage(height: 64, width: 64), try array("\(kind)_avg_image.npy"),
                        tolerance: 1e-4, "\(kind) average image")
            let trace = try inverter.invert(faces)
            let codes = try array("\(kind)_codes.npy"), images = try array("\(kind)_images.npy")   // [5, 2, n, D], [2, 2, 3, 64, 64]
            XCTAssertEqual(trace.steps.count, codes.shape[0], "\(kind) steps")
            for (i, step) in trace.steps.enumerated() where i < codes.shape[0] {
                assertClose(step.codes, codes.slice(i), tolerance: 1e-4, "\(kind) step \(i + 1) codes")
            }
            for (j, i) in [0, codes.shape[0] - 1].enumerated() where i < trace.steps.count {
                assertClose(trace.steps[i].image, images.slice(j), tolerance: 1e-4, "\(kind) step \(i + 1) images")
            }
        }
    }
}
