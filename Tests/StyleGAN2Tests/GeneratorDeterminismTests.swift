import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Images are bit-identical whatever the batch, its split across the cores and the worker count (issue 12).
/// Run again by `.ci/run` with `OPENBLAS_CORETYPE` unset (`swift test --filter Determinism`).
final class GeneratorDeterminismTests: XCTestCase {
    /// W+ codes `[3, n, D]`: the golden code and two random ones.
    private func codes(_ g: Generator) throws -> Tensor {
        let golden = try GeneratorFixtures.golden("g256").tensor("wplus")              // [1, n, D]
        var rng = SeededGenerator(seed: 12)
        let extra = rng.normalTensor([2, g.nLatent, g.styleDim])                       // [2, n, D]
        return Tensor(shape: [3, g.nLatent, g.styleDim], values: golden.scalars + extra.scalars)
    }

    func testBatchOfThreeEqualsEachSampleAloneOnOneCoreAndTwo() throws {
        let g = try GeneratorFixtures.load("g256_restyle.pt")
        let wPlus = try codes(g)
        let perSample = 3 * g.size * g.size
        let batch = try g.synthesize(wPlus: wPlus, parallelism: .withinSample).scalars   // [3, 3, S, S]
        let across = try g.synthesize(wPlus: wPlus, parallelism: .acrossSamples).scalars
        assertIdentical(across, batch, "samples in parallel vs one after another")
        for b in 0..<3 {
            let single = try g.synthesize(wPlus: wPlus.slice(b).reshaped([1, g.nLatent, g.styleDim])).scalars
            assertIdentical(single, Array(batch[(b * perSample)..<((b + 1) * perSample)]), "sample \(b): batch 1 vs batch 3")
        }
        let oneCore = try Parallel.withWorkerCount(1) { try g.synthesize(wPlus: wPlus).scalars }
        assertIdentical(oneCore, batch, "one core vs two")
        let inRegion = RegionResult()
        Parallel.region(2) { w in
            if w == 0 { inRegion.value = try? g.synthesize(wPlus: wPlus).scalars }
        }
        assertIdentical(inRegion.value, batch, "inside a parallel region (a study cell) vs on its own")
    }

    func testMappingRowsDoNotDependOnTheBatch() throws {
        let g = try GeneratorFixtures.load("g256_restyle.pt")
        var rng = SeededGenerator(seed: 13)
        let z = rng.normalTensor([19, g.styleDim])                                     // more rows than one block
        let all = try g.mapping(z).scalars
        for start in [0, 5, 16, 18] {
            let row = Tensor(shape: [1, g.styleDim], values: Array(z.scalars[(start * g.styleDim)..<((start + 1) * g.styleDim)]))
            let part = try g.mapping(row).scalars
            assertIdentical(part, Array(all[(start * g.styleDim)..<((start + 1) * g.styleDim)]), "row \(start) alone vs in 19")
        }
        let oneCore = try Parallel.withWorkerCount(1) { try g.mapping(z).scalars }
        assertIdentical(oneCore, all, "one core vs two")
    }
}

/// A value written by one worker of a region.
final class RegionResult: @unchecked Sendable {
    var value: [Float]?
}
