import Foundation
import Studies
import TensorCore
import TestSupport
import XCTest

/// MSE / PSNR / SSIM on constructed images; latent statistics and Mahalanobis on known codes.
final class ImageMetricsTests: XCTestCase {
    /// The images of `ssim_reference.py`: a = sin(0.3x + 0.7y + c), b = clamp(a + 0.25·cos(0.5x − 0.2y(c+1)), −1, 1).
    private func referenceImages(h: Int, w: Int) -> (Tensor, Tensor) {
        var a: [Float] = [], b: [Float] = []
        for c in 0..<3 {
            for y in 0..<h {
                for x in 0..<w {
                    let v = Float(sin(0.3 * Double(x) + 0.7 * Double(y) + Double(c)))
                    a.append(v)
                    b.append(Float(min(max(Double(v) + 0.25 * cos(0.5 * Double(x) - 0.2 * Double(y) * Double(c + 1)), -1), 1)))
                }
            }
        }
        return (Tensor(shape: [1, 3, h, w], values: a), Tensor(shape: [1, 3, h, w], values: b))
    }

    func testMSEAndPSNRExactOnConstructedImages() throws {
        // a = 0 (grey 0.5 in [0,1]); b = 0.2 in [-1,1] → 0.6; squared error 0.01 everywhere.
        let a = Tensor(zeros: [1, 3, 8, 8]), b = Tensor(repeating: 0.2, shape: [1, 3, 8, 8])
        let mse = try ImageMetrics.mse(a, b)
        XCTAssertEqual(mse, 0.01, accuracy: 1e-9)
        XCTAssertEqual(ImageMetrics.psnr(mse: mse), 20, accuracy: 1e-6)
        XCTAssertEqual(try ImageMetrics.mse(a, a), 0)
        XCTAssertEqual(ImageMetrics.psnr(mse: 0), .infinity)
        // Values outside [-1, 1] are clamped: 3 → 1 (white), −3 → −1 (black): MSE 1.
        XCTAssertEqual(try ImageMetrics.mse(Tensor(repeating: 3, shape: [3, 4, 4]), Tensor(repeating: -3, shape: [3, 4, 4])), 1, accuracy: 1e-12)
        XCTAssertThrowsError(try ImageMetrics.mse(a, Tensor(zeros: [1, 3, 8, 4])))
    }

    func testSSIMIsOneForIdenticalAndMatchesReference() throws {
        let (a, b) = referenceImages(h: 16, w: 16)
        XCTAssertEqual(try ImageMetrics.ssim(a, a), 1, accuracy: 1e-12)
        // Tests/Fixtures/studies/ssim_reference.py (SciPy, skimage's definition): 0.9709436518 and 0.9698546595.
        XCTAssertEqual(try ImageMetrics.ssim(a, b), 0.9709436518, accuracy: 1e-6)
        let (c, d) = referenceImages(h: 24, w: 20)
        XCTAssertEqual(try ImageMetrics.ssim(c, d), 0.9698546595, accuracy: 1e-6)
        // Anti-correlated structure scores far below 1.
        XCTAssertLessThan(try ImageMetrics.ssim(a, a.scaled(by: -1)), 0)
    }

    func testGaussianWindowSumsToOne() {
        let w = ImageMetrics.gaussianWindow()
        XCTAssertEqual(w.count, 121)
        XCTAssertEqual(w.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(w[60], w.max()!)                         // centre is the peak
    }

    func testLatentDistanceAndSpread() {
        // Two rows of width 2: (3, 4) and (0, 0); average (0, 0) per row.
        let codes = Tensor(shape: [1, 2, 2], values: [3, 4, 0, 0])
        XCTAssertEqual(LatentStatistics.distanceToAverage(codes, average: Tensor(zeros: [2, 2])), 2.5, accuracy: 1e-12)
        XCTAssertEqual(LatentStatistics.distanceToAverage(codes, average: Tensor(shape: [2], values: [3, 4])), 2.5, accuracy: 1e-12)
        // Mean row (1.5, 2): each row is 2.5 away.
        XCTAssertEqual(LatentStatistics.rowSpread(codes), 2.5, accuracy: 1e-12)
        XCTAssertEqual(LatentStatistics.rowSpread(Tensor(shape: [3, 2], values: [1, 2, 1, 2, 1, 2])), 0, accuracy: 1e-12)
    }

    func testMahalanobisOnPlantedGaussian() throws {
        // Samples x = μ + L·z with a planted covariance Σ = diag(4, 1, 0.25) rotated; the distance of μ + 2·σ_k·e_k is 2.
        var rng = SeededGenerator(seed: 5)
        let n = 20000, d = 3
        let sigmas: [Float] = [2, 1, 0.5]
        let mu: [Float] = [1, -2, 0.5]
        let c = Float(cos(0.6)), s = Float(sin(0.6))
        let rot: [[Float]] = [[c, -s, 0], [s, c, 0], [0, 0, 1]]            // columns are the principal axes
        var values: [Float] = []
        for _ in 0..<n {
            let z = (0..<d).map { sigmas[$0] * rng.normal() }
            for i in 0..<d { values.append(mu[i] + (0..<d).reduce(Float(0)) { $0 + rot[i][$1] * z[$1] }) }
        }
        let dist = try WDistribution(samples: Tensor(shape: [n, d], values: values), ridge: 1e-6)
        for k in 0..<d {
            let point = (0..<d).map { mu[$0] + 2 * sigmas[k] * rot[$0][k] }
            let m = point.withUnsafeBufferPointer { dist.mahalanobis($0) }
            XCTAssertEqual(m, 2, accuracy: 0.05, "axis \(k)")
        }
        XCTAssertEqual(mu.withUnsafeBufferPointer { dist.mahalanobis($0) }, 0, accuracy: 0.05)
        // Mean over rows of a code [2, 3]: rows at distance 2 and 0.
        let code = Tensor(shape: [2, 3], values: (0..<d).map { mu[$0] + 2 * sigmas[0] * rot[$0][0] } + mu)
        XCTAssertEqual(LatentStatistics.meanMahalanobis(code, to: dist), 1, accuracy: 0.05)
    }

    func testRidgeKeepsRankDeficientCovarianceInvertible() throws {
        // 5 samples in 8 dimensions: rank ≤ 4; distances must stay finite.
        let w = Tensor.randomNormal(shape: [5, 8], seed: 1)
        let dist = try WDistribution(samples: w)
        let m = w.withUnsafeBufferPointer { dist.mahalanobis(UnsafeBufferPointer(rebasing: $0[0..<8])) }
        XCTAssertTrue(m.isFinite && m > 0, "\(m)")
    }

    func testBootstrapCIIsSeededAndBracketsTheMean() {
        let values = (0..<50).map { Double($0 % 7) }
        let (lo, hi) = StudySummary.bootstrapCI(values, seed: 3)
        let mean = values.reduce(0, +) / 50
        XCTAssertLessThan(lo, mean)
        XCTAssertGreaterThan(hi, mean)
        XCTAssertLessThan(hi - lo, 2)
        let again = StudySummary.bootstrapCI(values, seed: 3)
        XCTAssertEqual(lo, again.0); XCTAssertEqual(hi, again.1)
        XCTAssertEqual(StudySummary.bootstrapCI([4, 4, 4], seed: 0).0, 4)
    }
}
