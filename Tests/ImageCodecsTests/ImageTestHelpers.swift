import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// `Tests/Fixtures/images/<name>` (written by scripts/fixtures/images.py).
func imageFixture(_ name: String) -> URL {
    TestPaths.fixtures.appendingPathComponent("images").appendingPathComponent(name)
}

/// The golden expectations of scripts/fixtures/images.py.
func imageGolden() throws -> GoldenFile {
    try GoldenFile(fixture: "images/expected.golden")
}

extension RGBImage {
    /// The bytes as Float, in the golden's [H, W, 3] order.
    var floatPixels: [Float] { pixels.map(Float.init) }

    /// Mean of each channel (R, G, B).
    var channelMeans: [Double] {
        var sums = [Double](repeating: 0, count: 3)
        for (i, v) in pixels.enumerated() { sums[i % 3] += Double(v) }
        return sums.map { $0 / Double(max(pixelCount, 1)) }
    }
}

/// A fresh empty directory under the system temporary directory, removed by the test's teardown.
func makeTemporaryDirectory(_ testCase: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("ImageCodecsTests-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// A deterministic test image: a gradient with seeded uniform noise in -noise...noise.
func syntheticImage(width: Int, height: Int, seed: UInt64, noise: Int = 10) -> RGBImage {
    var generator = SeededGenerator(seed: seed)
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            let i = (y * width + x) * 3
            let base = [x * 255 / max(width - 1, 1), y * 255 / max(height - 1, 1), (x + y) * 200 / max(width + height - 2, 1) + 30]
            for c in 0..<3 {
                let noisy = base[c] + Int.random(in: -noise...noise, using: &generator)
                pixels[i + c] = UInt8(clamping: noisy)
            }
        }
    }
    return RGBImage(width: width, height: height, pixels: pixels)
}
