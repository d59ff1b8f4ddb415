import Inversion
import TensorCore
import TestSupport
import XCTest

/// Inversions are bit-identical whatever the batch, the worker count and whether they run inside a parallel region
/// (a study's concurrent cells) (issue 12). Run again by `.ci/run` with `OPENBLAS_CORETYPE` unset.
final class InversionDeterminismTests: XCTestCase {
    private static func allSteps(_ trace: InversionTrace) -> [Float] {
        trace.steps.flatMap { $0.codes.scalars + $0.image.scalars }
    }

    func testBatchWorkersAndRegionsGiveTheSameCodesAndImages() throws {
        for name in ["e4e", "psp"] {
            let inverter = try ReStyleInverter(model: InversionFixtures.model(name))
            let face = try InversionFixtures.golden("inputs").tensor("x")                   // [1, 3, 64, 64]
            // Three faces: the fixture's, a darker copy and a mirrored one.
            let plane = face.shape[2] * face.shape[3]
            let f = face.scalars
            let darker = f.map { 0.7 * $0 - 0.2 }
            let mirrored = (0..<f.count).map { i in f[i - i % face.shape[3] + face.shape[3] - 1 - i % face.shape[3]] }
            let b = 3
            let x = Tensor(shape: [b] + Array(face.shape.dropFirst()), values: f + darker + mirrored)
            XCTAssertEqual(x.count, 3 * 3 * plane)
            let together = try inverter.invert(x)
            let reference = Self.allSteps(together)
            for i in 0..<b {
                let alone = try inverter.invert(x.slice(i).reshaped([1] + Array(x.shape.dropFirst())))
                for (s, step) in alone.steps.enumerated() {
                    assertIdentical(step.codes.scalars, together.steps[s].codes.slice(i).scalars, "\(name) face \(i) step \(s): codes alone vs in the batch")
                    assertIdentical(step.image.scalars, together.steps[s].image.slice(i).scalars, "\(name) face \(i) step \(s): image alone vs in the batch")
                }
            }
            let oneCore = try Parallel.withWorkerCount(1) { try Self.allSteps(inverter.invert(x)) }
            assertIdentical(oneCore, reference, "\(name): one core vs two")
            let inRegion = RegionResult()
            Parallel.region(2) { w in
                if w == 1 { inRegion.value = try? InversionDeterminismTests.allSteps(inverter.invert(x)) }
            }
            assertIdentical(inRegion.value, reference, "\(name): inside a parallel region vs on its own")
        }
    }
}

/// A value written by one worker of a region.
final class RegionResult: @unchecked Sendable {
    var value: [Float]?
}
