import TensorCore
import TestSupport
import XCTest

final class PointwiseTests: XCTestCase {
    func testActivationsMatchReferenceAcrossChannelCounts() throws {
        var rng = SeededGenerator(seed: 40)
        for shape in [[1, 1, 3, 3], [2, 5, 4, 7], [1, 17, 1, 1], [3, 4], [1, 3, 300, 300]] {
            let x = rng.normalTensor(shape), c = shape[1]
            let bias = rng.normalTensor([c]), slopes = rng.normalTensor([c])
            assertCloseScaled(try x.fusedLeakyReLU(bias: bias), Reference.fusedLeakyReLU(x, bias: bias), "flrelu \(shape)")
            assertCloseScaled(try x.fusedLeakyReLU(bias: bias, slope: 0.1, gain: 3),
                              Reference.fusedLeakyReLU(x, bias: bias, slope: 0.1, gain: 3), "flrelu custom \(shape)")
            assertCloseScaled(try x.fusedLeakyReLU(bias: nil), Reference.fusedLeakyReLU(x, bias: nil), "flrelu no bias")
            assertCloseScaled(x.leakyReLU(), Reference.leakyReLU(x), "lrelu \(shape)")
            assertCloseScaled(try x.prelu(slopes: slopes), Reference.prelu(x, slopes: slopes), "prelu \(shape)")
            assertCloseScaled(x.relu(), Reference.relu(x), "relu \(shape)")
            assertCloseScaled(x.sigmoid(), Reference.sigmoid(x), "sigmoid \(shape)")
        }
    }

    func testFusedLeakyReLUKnownValues() throws {
        let x = Tensor(shape: [1, 2, 1, 1], values: [1, -1])
        let y = try x.fusedLeakyReLU(bias: Tensor(shape: [2], values: [0.5, -0.5]))
        XCTAssertEqual(y[0, 0, 0, 0], 1.5 * Float(2).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(y[0, 1, 0, 0], -1.5 * 0.2 * Float(2).squareRoot(), accuracy: 1e-6)
    }

    func testBatchNormFoldedMatchesUnfoldedFormula() throws {
        var rng = SeededGenerator(seed: 41)
        for shape in [[2, 3, 5, 4], [1, 17, 2, 3]] {
            let c = shape[1], x = rng.normalTensor(shape)
            let w = rng.normalTensor([c]), b = rng.normalTensor([c]), m = rng.normalTensor([c])
            let v = Tensor(shape: [c], values: (0..<c).map { Float($0) * 0.3 + 0.01 })
            let bn = try BatchNormFolded(weight: w, bias: b, runningMean: m, runningVar: v)
            assertCloseScaled(try x.batchNorm(bn), Reference.batchNorm(x, weight: w, bias: b, runningMean: m, runningVar: v),
                              relative: 2e-5, "batchNorm \(shape)")
        }
        XCTAssertThrowsError(try BatchNormFolded(weight: Tensor(zeros: [3]), bias: Tensor(zeros: [3]),
                                                 runningMean: Tensor(zeros: [4]), runningVar: Tensor(zeros: [3]))) {
            XCTAssertTrue("\($0)".contains("running_mean"), "\($0)")
        }
    }

    func testSqueezeExcitePieces() throws {
        var rng = SeededGenerator(seed: 42)
        let x = rng.normalTensor([2, 5, 7, 3])
        let means = try x.channelMeans()
        assertClose(means, Reference.channelMeans(x), tolerance: 1e-6, "channelMeans")
        let s = rng.normalTensor([2, 5])
        assertClose(try x.scalingChannels(by: s), Reference.scalingChannels(x, by: s), tolerance: 1e-6, "scalingChannels")
        assertClose(try x.scalingChannels(by: s.reshaped([2, 5, 1, 1])), Reference.scalingChannels(x, by: s), tolerance: 1e-6, "[N,C,1,1]")
        XCTAssertThrowsError(try x.scalingChannels(by: Tensor(zeros: [5, 2])))
    }

    func testPixelNormConcatSubsampleAndElementwise() throws {
        var rng = SeededGenerator(seed: 43)
        let z = rng.normalTensor([3, 512])
        assertClose(try z.pixelNormalized(), Reference.pixelNorm(z), tolerance: 1e-5, "pixelNorm")
        let f = rng.normalTensor([2, 4, 3, 3])
        assertClose(try f.pixelNormalized(), Reference.pixelNorm(f), tolerance: 1e-5, "pixelNorm 4D")

        let a = rng.normalTensor([2, 3, 4, 5]), b = rng.normalTensor([2, 1, 4, 5]), c = rng.normalTensor([2, 6, 4, 5])
        let cat = try Tensor.concatChannels([a, b, c])
        XCTAssertEqual(cat.shape, [2, 10, 4, 5])
        XCTAssertEqual(cat.scalars, Reference.concatChannels([a, b, c]).scalars)
        XCTAssertEqual(cat[1, 3, 2, 4], b[1, 0, 2, 4])
        XCTAssertThrowsError(try Tensor.concatChannels([a, Tensor(zeros: [2, 1, 4, 4])])) {
            XCTAssertTrue("\($0)".contains("parts[1]"), "\($0)")
        }

        for (h, w, s) in [(7, 7, 2), (8, 5, 2), (9, 9, 3), (4, 4, 1)] {
            let x = rng.normalTensor([2, 3, h, w])
            XCTAssertEqual(try x.subsampled(stride: s).scalars, Reference.subsample(x, stride: s).scalars, "\(h)x\(w)/\(s)")
        }
        XCTAssertEqual(try a.adding(a.scaled(by: -1)).scalars, [Float](repeating: 0, count: a.count))
        assertClose(try a.adding(a, scaledBy: 2), a.scaled(by: 3), tolerance: 1e-6, "adding(scaledBy:)")
        assertClose(try a.multiplying(a), Tensor(shape: a.shape, values: a.scalars.map { $0 * $0 }), tolerance: 0, "square")
        XCTAssertThrowsError(try a.adding(b))
    }
}
