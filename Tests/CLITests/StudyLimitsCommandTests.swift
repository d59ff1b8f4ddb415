import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Study files with counts over the limits, runs estimated to need too much memory, bad layer ranges and studies
/// whose every cell fails (issue 20): one sentence naming the study file, the key, the value and the limit, before
/// any work; never minutes of growth and an abort.
final class StudyLimitsCommandTests: XCTestCase {
    var dir: URL!
    let checkpoint = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("study-limits-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("directions"), withIntermediateDirectories: true)
        try fm.copyItem(at: TestPaths.repositoryRoot.appendingPathComponent("examples/faces/face0.png"), to: dir.appendingPathComponent("face0.png"))
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [1, 12], seed: 4).scaled(by: 0.3), to: dir.appendingPathComponent("directions/tilt.npy"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Writes study.json with `directions` and `extra` top-level entries and runs it.
    private func runStudy(images: String = #"["face0.png"]"#, directions: String = #"[{ "name": "tilt", "strengths": [1] }]"#,
                          metrics: String = #"["mse", "image_change"]"#, extra: String = "",
                          environment: [String: String]? = nil) throws -> CommandResult {
        try """
        { "images": \(images), "inverters": [{ "name": "pSp", "checkpoint": "\(checkpoint)", "steps": [1] }],
          "directions": \(directions), "directions_dirs": ["directions"], "metrics": \(metrics), \(extra) "output": "out" }
        """.write(to: dir.appendingPathComponent("study.json"), atomically: true, encoding: .utf8)
        return try CommandRunner.run(["study", "run", "study.json"], in: dir, environment: environment, timeout: 300)
    }

    private func assertRefused(_ r: CommandResult, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.stdout, file: file, line: line)
        for f in ["study.json"] + fragments {
            XCTAssertTrue(r.stderr.contains(f), "stderr lacks '\(f)': \(r.stderr)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/results.csv").path), file: file, line: line)
    }

    func testCountsOverTheLimitsAreRefusedNamingKeyValueAndLimit() throws {
        let strengths = (0..<10_001).map { String($0 % 7) }.joined(separator: ",")
        assertRefused(try runStudy(directions: #"[{ "name": "tilt", "strengths": [\#(strengths)] }]"#),
                      ["key \"directions[0].strengths\"", "10001 strengths exceed the limit of \(1000)"])
        assertRefused(try runStudy(extra: #""w_samples": 2147483648,"#), ["key \"w_samples\"", "2147483648 samples exceed the limit of 100000"])
        assertRefused(try runStudy(extra: #""attribute_samples": 1000000,"#), ["key \"attribute_samples\"", "limit of 10000"])
        assertRefused(try runStudy(images: #""rendered:1000000""#), ["key \"images\"", "1000000 rendered images exceed the limit of 100000"])
    }

    func testEstimatedMemoryOverTheLimitIsRefusedBeforeAnyWork() throws {
        assertRefused(try runStudy(metrics: #"["mse", "mahalanobis"]"#, extra: #""w_samples": 100000,"#,
                                   environment: ["RESTYLE_STUDY_MAX_MEMORY": "10000000"]),
                      ["key \"w_samples\"", "100000 W samples of 12 values need an estimated", "memory limit of 10 MiB", "RESTYLE_STUDY_MAX_MEMORY"])
        let strengths = (0..<1000).map { String($0 % 5 + 1) }.joined(separator: ",")
        assertRefused(try runStudy(directions: #"[{ "name": "tilt", "strengths": [\#(strengths)] }]"#,
                                   environment: ["RESTYLE_STUDY_MAX_MEMORY": "10000000"]),
                      ["key \"directions\"", "1000 edited images", "per cell", "memory limit"])
    }

    func testLayerRangeErrorsNameTheStudyFileAndKey() throws {
        assertRefused(try runStudy(directions: #"[{ "name": "tilt", "strengths": [1], "layers": "0-99" }]"#),
                      ["key \"directions[0].layers\"", "99", "resnet_psp.pt has"])
    }

    func testDuplicateKeysAreRefused() throws {
        assertRefused(try runStudy(extra: #""seed": 1, "seed": 2,"#), ["duplicate key \"seed\""])
    }

    /// `images: ["/dev/zero"]` used to exit 0 with nothing measured.
    func testAStudyWhoseEveryCellFailedExitsNonZero() throws {
        let r = try runStudy(images: #"["/dev/zero"]"#)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("skipped zero: /dev/zero: cannot read: is a character device, not a regular file"), r.stderr)
        XCTAssertTrue(r.stderr.contains("every one of the 1 cell(s) failed"), r.stderr)
    }
}
