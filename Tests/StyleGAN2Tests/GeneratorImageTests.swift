import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Whole images against the PyTorch reference (max abs error ≤ 1e-4, printed).
final class GeneratorImageTests: XCTestCase {
    private let tolerance: Float = 1e-4

    private func report(_ c: Closeness, _ what: String) { print("\(what): max abs error \(c.maxAbsError), NMSE \(c.nmse)") }

    func testG32ImagesFromWWPlusAndZ() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let golden = try GeneratorFixtures.golden("g32")

        let w = try g.mapping(golden.tensor("z_w"))                                  // [2, D]
        report(assertClose(w, try golden.tensor("w"), tolerance: 1e-5, "g32 mapping"), "g32 mapping(z_w)")
        report(assertClose(try g.synthesize(w: golden.tensor("w")), try golden.tensor("image_w"), tolerance: tolerance, "g32 image_w"),
               "g32 image_w")
        report(assertClose(try g.synthesize(wPlus: golden.tensor("wplus")), try golden.tensor("image_wplus"), tolerance: tolerance,
                           "g32 image_wplus"), "g32 image_wplus")

        let z = try golden.tensor("z")
        report(assertClose(try g.mapping(z), try golden.tensor("mapped"), tolerance: 1e-5, "g32 mapped"), "g32 mapped")
        XCTAssertEqual(g.truncationLatent?.scalars ?? [], try golden.tensor("truncation_latent").scalars)
        report(assertClose(try g.styles(z: z, truncation: 0.7), try golden.tensor("w_trunc07"), tolerance: 1e-5, "g32 w_trunc07"),
               "g32 w_trunc07")
        report(assertClose(try g.generate(z: z, truncation: 0.7), try golden.tensor("image_z_trunc07"), tolerance: tolerance,
                           "g32 image_z_trunc07"), "g32 image_z_trunc07")
    }

    func testG256Images() throws {
        let g = try GeneratorFixtures.load("g256_restyle.pt")
        let golden = try GeneratorFixtures.golden("g256")
        let start = Date()
        let image = try g.synthesize(wPlus: golden.tensor("wplus"))                  // [1, 3, 256, 256]
        let seconds = Date().timeIntervalSince(start)
        report(assertClose(image, try golden.tensor("image_wplus"), tolerance: tolerance, "g256 image_wplus"),
               "g256 image_wplus (\(String(format: "%.2f", seconds)) s)")
        let imageW = try g.synthesize(w: golden.tensor("w")).subsampled(stride: 3)  // [1, 3, 86, 86]
        report(assertClose(imageW, try golden.tensor("image_w_sub3"), tolerance: tolerance, "g256 image_w_sub3"), "g256 image_w_sub3")
        report(assertClose(try g.mapping(golden.tensor("z")), try golden.tensor("mapped"), tolerance: 1e-5, "g256 mapped"), "g256 mapped")
        let imageZ = try g.generate(z: golden.tensor("z"), truncation: 0.7).subsampled(stride: 3)
        report(assertClose(imageZ, try golden.tensor("image_z_trunc07_sub3"), tolerance: tolerance, "g256 image_z_trunc07_sub3"),
               "g256 image_z_trunc07_sub3")
    }

    func testBatchMatchesSingleSamples() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let wPlus = try GeneratorFixtures.golden("g32").tensor("wplus")              // [2, n, D]
        let batch = try g.synthesize(wPlus: wPlus)
        for b in 0..<2 {
            let single = try g.synthesize(wPlus: wPlus.slice(b).reshaped([1, 8, 32]))
            assertClose(single.reshaped([3, 32, 32]), batch.slice(b), tolerance: 1e-6, "sample \(b) alone vs in a batch")
        }
    }

    func testBatchParallelismModesAgree() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        var rng = SeededGenerator(seed: 11)
        let wPlus = rng.normalTensor([3, 8, 32])                                      // odd batch: uneven slices
        for noise in [NoiseMode.stored, .random(seed: 4)] {
            let within = try g.synthesize(wPlus: wPlus, noise: noise, parallelism: .withinSample)
            let across = try g.synthesize(wPlus: wPlus, noise: noise, parallelism: .acrossSamples)
            assertClose(across, within, tolerance: 1e-6, "samples in parallel vs one at a time (\(noise))")
        }
    }

    func testEveryCheckpointLayoutGivesTheSameImage() throws {
        let wPlus = try GeneratorFixtures.golden("g32").tensor("wplus")
        let reference = try GeneratorFixtures.load("g32_restyle.pt")
        XCTAssertEqual(reference.source.layout, .restyle)
        let expected = try reference.synthesize(wPlus: wPlus).scalars
        for (file, layout) in [("g32_rosinality.pt", GeneratorSource.Layout.rosinality), ("g32_bare.pt", .bare)] {
            let g = try GeneratorFixtures.load(file)
            XCTAssertEqual(g.source.layout, layout, file)
            XCTAssertEqual(try g.synthesize(wPlus: wPlus).scalars, expected, "\(file) gives another image")
        }
        // Latent averages: ReStyle stores [n, D], rosinality [D] (repeated on load), bare none.
        XCTAssertEqual(try GeneratorFixtures.load("g32_rosinality.pt").latentAverage?.scalars,
                       reference.latentAverage?.scalars)
        XCTAssertNil(try GeneratorFixtures.load("g32_bare.pt").latentAverage)
    }


    func testInputShapesAreChecked() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        XCTAssertThrowsError(try g.synthesize(wPlus: Tensor(zeros: [1, 7, 32]))) { error in
            XCTAssertEqual("\(error)", "StyleGAN2: W+ codes has shape [1, 7, 32], expected [B, 8, 32]")
        }
        XCTAssertThrowsError(try g.synthesize(w: Tensor(zeros: [1, 33])))
        XCTAssertThrowsError(try g.mapping(Tensor(zeros: [32])))
        XCTAssertThrowsError(try g.truncated(Tensor(zeros: [1, 32]), psi: .nan))
    }
}
