import Foundation
import Inversion
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Loop behaviour: early stop, batches, options and their errors, the trace's bookkeeping.
final class InversionLoopTests: XCTestCase {
    private func x() throws -> Tensor { try InversionFixtures.golden("inputs").tensor("x") }      // [1, 3, 64, 64]

    func testEarlyStopReportsTheStep() throws {
        let model = try InversionFixtures.model("resnet_psp")
        let full = try ReStyleInverter(model: model).invert(x())
        XCTAssertNil(full.stoppedAt)
        XCTAssertEqual(full.steps.count, 5)
        let changes = full.steps.map { $0.meanAbsoluteChange[0] }
        // Step 0's change is the mean |encoder output| against latent_avg.
        XCTAssertEqual(changes[0], ReStyleInverterTestMath.meanAbs(try full.steps[0].codes.adding(full.startCodes, scaledBy: -1)), accuracy: 1e-6)
        // A tolerance just above the smallest change among steps 0-3 stops after the first step that has it.
        let smallest = changes[0..<4].min()!
        let k = changes.firstIndex(of: smallest)!
        var options = InversionOptions()
        options.tolerance = smallest * 1.0001
        XCTAssertTrue(changes[0..<k].allSatisfy { $0 >= options.tolerance! }, "\(changes)")
        let stopped = try ReStyleInverter(model: model, options: options).invert(x())
        XCTAssertEqual(stopped.stoppedAt, k, "changes \(changes)")
        XCTAssertEqual(stopped.steps.count, k + 1)
        XCTAssertEqual(stopped.finalCodes.scalars, full.steps[k].codes.scalars)
        // Tolerance 0 never stops.
        options.tolerance = 0
        XCTAssertNil(try ReStyleInverter(model: model, options: options).invert(x()).stoppedAt)
    }

    func testBatchEqualsSingleSamples() throws {
        let model = try InversionFixtures.model("e4e")
        let x0 = try x()
        var rng = SeededGenerator(seed: 11)
        let x1 = try x0.adding(rng.normalTensor(x0.shape).scaled(by: 0.2))
        let batch = try ReStyleInverter(model: model).invert(Tensor.stack([x0.slice(0), x1.slice(0)]))  // B = 2
        let one = try ReStyleInverter(model: model).invert(x0)
        let two = try ReStyleInverter(model: model).invert(x1)
        XCTAssertEqual(batch.finalCodes.shape, [2, model.styleCount, model.styleDim])
        assertClose(batch.finalCodes.slice(0), one.finalCodes.slice(0), tolerance: 1e-5, "sample 0")
        assertClose(batch.finalCodes.slice(1), two.finalCodes.slice(0), tolerance: 1e-5, "sample 1")
        assertClose(batch.finalImage.slice(1), two.finalImage.slice(0), tolerance: 1e-5, "sample 1 image")
        XCTAssertEqual(batch.codes(ofSample: 1).shape, [5, model.styleCount, model.styleDim])
        XCTAssertEqual(batch.codes(ofSample: 1).slice(4).scalars, batch.finalCodes.slice(1).scalars)
        XCTAssertEqual(batch.steps[2].meanAbsoluteChange.count, 2)
        XCTAssertNotEqual(batch.finalCodes.slice(0).scalars, batch.finalCodes.slice(1).scalars)
    }

    func testIterationCountAndAverageImageCache() throws {
        let model = try InversionFixtures.model("psp")
        var options = InversionOptions()
        options.iterations = 2
        let inverter = try ReStyleInverter(model: model, options: options)
        let trace = try inverter.invert(x())
        XCTAssertEqual(trace.steps.count, 2)
        XCTAssertEqual(trace.steps.map(\.usedBootstrapModel), [false, false])
        XCTAssertTrue(trace.steps.allSatisfy { $0.seconds >= 0 })
        // The average image is face_pool(G(latent_avg)); at 64 px and a 64 px generator the pool is the identity.
        let g = try model.generator.synthesize(wPlus: model.latentAverage.reshaped([1, model.styleCount, model.styleDim]))
        XCTAssertEqual(try inverter.averageImage(height: 64, width: 64).scalars, g.slice(0).scalars)
        // At 32×32 it is the 2×2 mean.
        let small = try inverter.averageImage(height: 32, width: 32)
        XCTAssertEqual(small.shape, [3, 32, 32])
        XCTAssertEqual(small[1, 3, 5], (g[0, 1, 6, 10] + g[0, 1, 6, 11] + g[0, 1, 7, 10] + g[0, 1, 7, 11]) / 4, accuracy: 1e-6)
        XCTAssertEqual(trace.startImage.slice(0).scalars, try inverter.averageImage(height: 64, width: 64).scalars)
    }

    func testFacePool() throws {
        var rng = SeededGenerator(seed: 3)
        let image = rng.normalTensor([1, 3, 64, 64])
        let pool = try FacePool(height: 24, width: 32, crop: .carsRows)
        let reported = try pool.reported(image)
        XCTAssertEqual(reported.shape, [1, 3, 48, 64])
        XCTAssertEqual(reported[0, 2, 0, 5], image[0, 2, 8, 5])
        XCTAssertEqual(reported[0, 2, 47, 63], image[0, 2, 55, 63])
        let start = try pool.startImage(image)                                                         // pool to 32×32, rows 4..<28
        XCTAssertEqual(start.shape, [1, 3, 24, 32])
        XCTAssertEqual(start[0, 0, 0, 0], (image[0, 0, 8, 0] + image[0, 0, 8, 1] + image[0, 0, 9, 0] + image[0, 0, 9, 1]) / 4, accuracy: 1e-6)
        XCTAssertThrowsError(try FacePool(height: 32, width: 32, crop: .carsRows))
        XCTAssertThrowsError(try FacePool(height: 0, width: 32))
    }

    func testOptionErrors() throws {
        let model = try InversionFixtures.model("resnet_psp")
        var options = InversionOptions()
        options.iterations = 0
        XCTAssertThrowsError(try ReStyleInverter(model: model, options: options)) { error in
            guard case InversionError.invalidOption("iterations", _) = error else { return XCTFail("\(error)") }
        }
        options = InversionOptions()
        options.tolerance = -1
        XCTAssertThrowsError(try ReStyleInverter(model: model, options: options))
        options = InversionOptions()
        options.initialLatent = Tensor(zeros: [model.styleCount + 1, model.styleDim])
        XCTAssertThrowsError(try ReStyleInverter(model: model, options: options)) { error in
            guard case InversionError.latentShape = error else { return XCTFail("\(error)") }
        }
        options.initialLatent = Tensor(zeros: [3, model.styleCount, model.styleDim])                  // B = 3 for a batch of 1
        XCTAssertThrowsError(try ReStyleInverter(model: model, options: options).invert(x()))
        // A bootstrap model whose codes have another shape.
        let cars = try InversionFixtures.model("cars_e4e")
        let other = try ReStyleModel(encoder: cars.encoder, generator: cars.generator, latentAverage: cars.latentAverage)
        XCTAssertEqual(other.styleCount, model.styleCount)                  // same generator: compatible
        options = InversionOptions()
        options.bootstrap = .init(model: other, steps: -1)
        XCTAssertThrowsError(try ReStyleInverter(model: model, options: options))
    }

    func testInitialLatentPerSample() throws {
        let model = try InversionFixtures.model("e4e")
        let inputs = try InversionFixtures.golden("inputs")
        let z = try inputs.tensor("init_latent")                                                       // [n, D]
        var options = InversionOptions()
        options.iterations = 1
        options.initialLatent = Tensor.stack([z])                                                      // [1, n, D]
        let perSample = try ReStyleInverter(model: model, options: options).invert(x())
        options.initialLatent = z
        let shared = try ReStyleInverter(model: model, options: options).invert(x())
        XCTAssertEqual(perSample.finalCodes.scalars, shared.finalCodes.scalars)
        // Starting from latent_avg explicitly is the standard loop.
        options.initialLatent = model.latentAverage
        let explicit = try ReStyleInverter(model: model, options: options).invert(x())
        options.initialLatent = nil
        let standard = try ReStyleInverter(model: model, options: options).invert(x())
        XCTAssertEqual(explicit.finalCodes.scalars, standard.finalCodes.scalars)
    }
}

enum ReStyleInverterTestMath {
    static func meanAbs(_ t: Tensor) -> Float {
        Float(t.scalars.reduce(0.0) { $0 + Double(abs($1)) } / Double(t.count))
    }
}
