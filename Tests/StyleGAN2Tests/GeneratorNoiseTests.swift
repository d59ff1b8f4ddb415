import StyleGAN2
import TensorCore
import TestSupport
import XCTest

final class GeneratorNoiseTests: XCTestCase {
    func testRandomNoiseIsSeededAndDiffersFromStored() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let wPlus = try GeneratorFixtures.golden("g32").tensor("wplus")
        let stored = try g.synthesize(wPlus: wPlus).scalars
        XCTAssertEqual(try g.synthesize(wPlus: wPlus, noise: .stored).scalars, stored, "stored noise is deterministic")
        let a = try g.synthesize(wPlus: wPlus, noise: .random(seed: 7)).scalars
        let b = try g.synthesize(wPlus: wPlus, noise: .random(seed: 7)).scalars
        let c = try g.synthesize(wPlus: wPlus, noise: .random(seed: 8)).scalars
        XCTAssertEqual(a, b, "same seed, same image")
        let maxDiff = { (x: [Float], y: [Float]) in zip(x, y).map { abs($0 - $1) }.max() ?? 0 }
        XCTAssertGreaterThan(maxDiff(a, c), 1e-3, "another seed changes the image")
        XCTAssertGreaterThan(maxDiff(a, stored), 1e-3, "random noise differs from the stored buffers")
    }

    func testRandomNoisePlanesAreStandardNormalAndPerSample() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let planes = g.noisePlanes(layer: 6, batch: 2, mode: .random(seed: 1))     // [2, 1, 32, 32]
        XCTAssertEqual(planes.shape, [2, 1, 32, 32])
        let v = planes.scalars
        let mean = v.reduce(0, +) / Float(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(v.count)
        XCTAssertEqual(mean, 0, accuracy: 0.1)
        XCTAssertEqual(variance, 1, accuracy: 0.15)
        XCTAssertNotEqual(Array(v[0..<1024]), Array(v[1024...]), "samples get different planes")
        // A sample's planes do not depend on the batch size.
        let single = g.noisePlanes(layer: 6, batch: 1, mode: .random(seed: 1))
        XCTAssertEqual(single.scalars, Array(v[0..<1024]))
        XCTAssertEqual(g.noisePlanes(layer: 0, batch: 2, mode: .stored).shape, [1, 1, 4, 4])
    }
}
