import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// End to end: the golden input as a PNG through `restyle-edit invert`, compared with the PyTorch reference.
final class InvertCommandTests: XCTestCase {
    let fixtures = TestPaths.fixtures.appendingPathComponent("inversion")
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("invert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        // The golden input x is quantised to k/255·2 − 1, so it round-trips through a PNG.
        let x = try GoldenFile(fixture: "inversion/inputs.golden").tensor("x").slice(0)   // [3, 64, 64]
        var pixels = [UInt8](repeating: 0, count: 64 * 64 * 3)
        x.withUnsafeBufferPointer { p in
            for c in 0..<3 { for i in 0..<(64 * 64) { pixels[i * 3 + c] = UInt8(((p[c * 4096 + i] + 1) / 2 * 255).rounded()) } }
        }
        try RGBImage(width: 64, height: 64, pixels: pixels).write(to: dir.appendingPathComponent("in/face.png"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func array(_ name: String) throws -> Tensor {
        let sd = try StateDict.load(dir.appendingPathComponent("out/\(name)"))
        return try sd.tensor(sd.tensors[0].key)
    }

    func testInversionMatchesTheReferenceStepByStep() throws {
        let r = try CommandRunner.run(["invert", dir.appendingPathComponent("in/face.png").path,
                                       "--checkpoint", fixtures.appendingPathComponent("resnet_psp.pt").path,
                                       "--save-steps", "--raw", "--output", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let golden = try GoldenFile(fixture: "inversion/resnet_psp.golden")
        let codes = try golden.tensor("codes")                                        // [5, 10, 12]
        let steps = try array("face.steps.npy")
        XCTAssertEqual(steps.shape, [5, 10, 12])
        let tol = 1e-4 * (1 + codes.scalars.map(abs).max()!)
        assertClose(steps, codes, tolerance: tol, "per-step W+ codes")
        assertClose(try array("face.npy"), codes.slice(4), tolerance: tol, "final W+")
        let image = try array("face.raw.npy")
        assertClose(image, try golden.tensor("images_last"), tolerance: 1e-4, "final reconstruction")
        let png = try ImageFile.decode(contentsOf: dir.appendingPathComponent("out/face.png"))
        XCTAssertEqual(png.pixels, try RGBImage(tensor: image).pixels)
        let strip = try ImageFile.decode(contentsOf: dir.appendingPathComponent("out/face.steps.png"))
        XCTAssertEqual([strip.width, strip.height], [6 * 64, 64])                     // 5 steps + the input
        XCTAssertEqual(try array("latents_wplus.npy").shape, [1, 10, 12])
    }

    func testE4EWithStageStartsAndEarlyStop() throws {
        let r = try CommandRunner.run(["invert", dir.appendingPathComponent("in").path,
                                       "--checkpoint", fixtures.appendingPathComponent("e4e.pt").path, "--stage-starts", "0,1,2,4",
                                       "--iterations", "3", "--output", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let codes = try GoldenFile(fixture: "inversion/e4e.golden").tensor("codes")   // [5, 10, 12]
        assertClose(try array("face.npy"), codes.slice(2), tolerance: 1e-3, "W+ after 3 steps")
    }

    func testBadFilesAreSkippedAndTheRestComplete() throws {
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("in/notes.png"))
        try RGBImage(width: 1, height: 1, red: 1, green: 2, blue: 3).write(to: dir.appendingPathComponent("in/dot.png"))
        let r = try CommandRunner.run(["invert", dir.appendingPathComponent("in").path,
                                       "--checkpoint", fixtures.appendingPathComponent("resnet_psp.pt").path,
                                       "--output", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("notes.png"), r.stderr)
        XCTAssertTrue(r.stderr.contains("dot.png") && r.stderr.contains("1x1"), r.stderr)
        XCTAssertTrue(r.stderr.contains("inverted 1 of 3"), r.stderr)
        XCTAssertEqual(try array("face.npy").shape, [10, 12])
        XCTAssertEqual(try array("latents_wplus.npy").shape, [1, 10, 12])
    }

    func testMissingOptsNeedsEncoderType() throws {
        // A generator-only checkpoint is not a ReStyle model: one clear sentence, non-zero exit.
        let r = try CommandRunner.run(["invert", dir.appendingPathComponent("in").path,
                                       "--checkpoint", TestPaths.fixtures.appendingPathComponent("generator/g32_rosinality.pt").path,
                                       "--output", dir.appendingPathComponent("out").path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("g32_rosinality.pt"), r.stderr)
    }
}
