import TensorCore
import TestSupport
import XCTest

/// Products are cut by shape only (`Parallel.sliceCount`): the same floats on one worker, on two and inside a
/// region; `linear` rows do not depend on the batch (issue 12). Run again by `.ci/run` with `OPENBLAS_CORETYPE` unset.
final class KernelDeterminismTests: XCTestCase {
    /// `body()` on two workers, on one, and on a worker of a running region.
    private func threeWays(_ body: @escaping @Sendable () throws -> [Float]) throws -> (two: [Float], one: [Float], region: [Float]?) {
        let two = try body()
        let one = try Parallel.withWorkerCount(1) { try body() }
        let inRegion = RegionResult()
        Parallel.region(2) { w in if w == 0 { inRegion.value = try? body() } }
        return (two, one, inRegion.value)
    }

    func testLinearRowsDoNotDependOnTheBatch() throws {
        var rng = SeededGenerator(seed: 21)
        let (n, d, o) = (37, 512, 160)
        let x = rng.normalTensor([n, d]), w = rng.normalTensor([o, d]), bias = rng.normalTensor([o])
        let all = try x.linear(weight: w, bias: bias, scale: 0.05).scalars                    // [37, 160]
        let firstRows = Tensor(shape: [2, d], values: Array(x.scalars[0..<(2 * d)]))
        let reference = try Reference.matmul(firstRows, w, transposeB: true).scalars          // the naive twin
        for i in 0..<(2 * o) { XCTAssertEqual(all[i], 0.05 * reference[i] + bias.scalars[i % o], accuracy: 1e-3) }
        for start in [0, 1, 15, 16, 17, 36] {
            for count in [1, 3] where start + count <= n {
                let part = Tensor(shape: [count, d], values: Array(x.scalars[(start * d)..<((start + count) * d)]))
                assertIdentical(try part.linear(weight: w, bias: bias, scale: 0.05).scalars,
                               Array(all[(start * o)..<((start + count) * o)]), "rows \(start)..<\(start + count) vs in \(n)")
            }
        }
    }

    func testLargeGEMMIsTheSameHoweverItRuns() throws {
        var rng = SeededGenerator(seed: 22)
        for (m, n, k) in [(64, 1024, 288), (256, 24, 1024), (600, 40, 256), (1, 2048, 256), (1024, 1, 512), (2, 2048, 1024)] {
            let a = rng.normalTensor([m, k]), b = rng.normalTensor([k, n])
            let r = try threeWays { try Tensor.matmul(a, b).scalars }
            assertIdentical(r.one, r.two, "[\(m), \(k)]·[\(k), \(n)]: one worker vs two")
            assertIdentical(r.region, r.two, "[\(m), \(k)]·[\(k), \(n)]: inside a region vs outside")
        }
    }

    func testConvolutionsAreTheSameHoweverTheyRun() throws {
        var rng = SeededGenerator(seed: 23)
        // Big enough that every path cuts its GEMMs: Winograd 3×3, 1×1 (no im2col), stride-2 im2col.
        let x = rng.normalTensor([1, 64, 64, 64]), w3 = rng.normalTensor([64, 64, 3, 3]), w1 = rng.normalTensor([48, 64, 1, 1])
        let w3s2 = rng.normalTensor([24, 64, 3, 3])
        let r3 = try threeWays { try x.conv2d(weight: w3, padding: 1).scalars }
        assertIdentical(r3.one, r3.two, "3×3 conv: one worker vs two")
        assertIdentical(r3.region, r3.two, "3×3 conv: inside a region")
        let r1 = try threeWays { try x.conv2d(weight: w1).scalars }
        assertIdentical(r1.one, r1.two, "1×1 conv: one worker vs two")
        assertIdentical(r1.region, r1.two, "1×1 conv: inside a region")
        let rs = try threeWays { try x.conv2d(weight: w3s2, stride: 2, padding: 1).scalars }
        assertIdentical(rs.one, rs.two, "stride-2 conv: one worker vs two")
        assertIdentical(rs.region, rs.two, "stride-2 conv: inside a region")
    }
}

/// A value written by one worker of a region.
final class RegionResult: @unchecked Sendable {
    var value: [Float]?
}
