import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// `restyle-edit study run|merge|report`, run as a user would.
final class StudyCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("study-cli-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("directions"), withIntermediateDirectories: true)
        let faces = TestPaths.repositoryRoot.appendingPathComponent("examples/faces")
        for name in ["face0.png", "face1.png", "face2.png"] {
            try fm.copyItem(at: faces.appendingPathComponent(name), to: dir.appendingPathComponent("images").appendingPathComponent(name))
        }
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [1, 12], seed: 4).scaled(by: 0.3),
                                 to: dir.appendingPathComponent("directions/tilt.npy"))
        let checkpoint = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path
        try """
        { "name": "cli", "images": "images",
          "inverters": [{ "name": "pSp", "checkpoint": "\(checkpoint)", "steps": [1, 2] }],
          "directions": [{ "name": "tilt", "strengths": [1] }], "directions_dirs": ["directions"],
          "metrics": ["mse", "psnr", "lec", "image_change"], "w_samples": 100, "grid_images": 1, "output": "out" }
        """.write(to: dir.appendingPathComponent("study.json"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String]) throws -> CommandResult { try CommandRunner.run(args, in: dir) }

    private func lines(_ path: String) throws -> [Substring] {
        try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8).split(separator: "\n")
    }

    /// Rows per image: 2 step counts × (mse, psnr, lec, image_change).
    let rowsPerImage = 2 * 4

    /// An inverter given as `"encoder": "psp"` runs the shipped ReStyle-pSp; an unknown name lists the shipped ones.
    func testStudyInvertersCanNameTheShippedEncoders() throws {
        let study = try String(contentsOf: dir.appendingPathComponent("study.json"), encoding: .utf8)
        let checkpoint = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path
        let shipped = study.replacingOccurrences(of: "\"checkpoint\": \"\(checkpoint)\"", with: "\"encoder\": \"psp\"")
            .replacingOccurrences(of: "[{ \"name\": \"tilt\", \"strengths\": [1] }]", with: "[{ \"name\": \"smile\", \"strengths\": [2] }]")
            .replacingOccurrences(of: "\"directions_dirs\": [\"directions\"]", with: "\"directions_dirs\": [\"\(TestPaths.repositoryRoot.path)/directions\"]")
        try shipped.write(to: dir.appendingPathComponent("shipped.json"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["study", "run", "shipped.json", "--limit", "1"], in: dir,
                                           environment: CommandRunner.withShippedModel)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try lines("out/results.csv").count, 1 + rowsPerImage)
        let unknown = shipped.replacingOccurrences(of: "\"encoder\": \"psp\"", with: "\"encoder\": \"vgg\"")
        try unknown.write(to: dir.appendingPathComponent("unknown.json"), atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["study", "run", "unknown.json"], in: dir, environment: CommandRunner.withShippedModel)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("inverters[0].encoder") && refused.stderr.contains("e4e, psp"), refused.stderr)
        let none = try run(["study", "run", "shipped.json"])                           // no shipped model in this run
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("inverters[0].encoder"), none.stderr)
    }

    func testRunResumeLimitAndReport() throws {
        let first = try run(["study", "run", "study.json", "--limit", "2"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("2 cells (2 computed, 0 already done)"), first.stdout)
        XCTAssertEqual(try lines("out/results.csv").count, 1 + 2 * rowsPerImage)
        XCTAssertTrue(first.stderr.contains("cells"), first.stderr)                         // progress lines

        // Without --limit: the two finished cells are skipped, only face2 runs.
        let second = try run(["study", "run", "study.json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("3 cells (1 computed, 2 already done)"), second.stdout)
        XCTAssertEqual(try lines("out/results.csv").count, 1 + 3 * rowsPerImage)
        XCTAssertEqual(try lines("out/cells.tsv").count, 3)

        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/report.html"))
        let report = try run(["study", "report", "out"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let html = try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<svg") && html.contains("data:image/png;base64,"))
    }

    func testInterruptedRunResumesToTheSameRows() throws {
        XCTAssertEqual(try run(["study", "run", "study.json", "--output", "clean", "--jobs", "1"]).status, 0)
        // Interrupt (SIGINT, as Ctrl-C) as soon as the first cell is recorded.
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("restyle-edit")
        process.arguments = ["study", "run", "study.json", "--output", "cut", "--jobs", "1"]
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment.merging(["RESTYLE_MODEL_DIR": CommandRunner.noShippedModel.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let cells = dir.appendingPathComponent("cut/cells.tsv")
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            if let text = try? String(contentsOf: cells, encoding: .utf8), !text.isEmpty { process.interrupt(); break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        let recorded = (try? lines("cut/cells.tsv").count) ?? 0
        XCTAssertGreaterThanOrEqual(recorded, 1)
        XCTAssertLessThan(recorded, 3, "the run finished before the interrupt")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        let resumed = try run(["study", "run", "study.json", "--output", "cut"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("3 cells (\(3 - recorded) computed, \(recorded) already done)"), resumed.stdout)
        XCTAssertEqual(try lines("cut/results.csv"), try lines("clean/results.csv"))
        XCTAssertEqual(try lines("cut/cells.tsv").count, 3)
    }

    func testShardsAndMerge() throws {
        XCTAssertEqual(try run(["study", "run", "study.json", "--output", "whole"]).status, 0)
        for k in 1...2 {
            let r = try run(["study", "run", "study.json", "--shard", "\(k)/2", "--output", "shard\(k)"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try lines("shard1/results.csv").count, 1 + 2 * rowsPerImage)      // cells 0 and 2
        XCTAssertEqual(try lines("shard2/results.csv").count, 1 + 1 * rowsPerImage)
        let merged = try run(["study", "merge", "shard1", "shard2", "--output", "merged"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stdout.contains("3 cells from 2 directories"), merged.stdout)
        XCTAssertEqual(try lines("merged/results.csv"), try lines("whole/results.csv"))
        XCTAssertEqual(try lines("merged/summary.json"), try lines("whole/summary.json"))
    }

    func testBadInputMessages() throws {
        let shard = try run(["study", "run", "study.json", "--shard", "3/2"])
        XCTAssertNotEqual(shard.status, 0)
        XCTAssertTrue(shard.stderr.contains("--shard \"3/2\""), shard.stderr)

        try "{ \"images\": \"images\", \"inverters\": [], \"output\": \"o\" }".write(to: dir.appendingPathComponent("empty.json"), atomically: true, encoding: .utf8)
        let empty = try run(["study", "run", "empty.json"])
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("empty.json") && empty.stderr.contains("inverters"), empty.stderr)

        let text = try String(contentsOf: dir.appendingPathComponent("study.json"), encoding: .utf8)
        try text.replacingOccurrences(of: "resnet_psp.pt", with: "missing.pt").write(to: dir.appendingPathComponent("missing.json"), atomically: true, encoding: .utf8)
        let missing = try run(["study", "run", "missing.json"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("inverters[0].checkpoint") && missing.stderr.contains("missing.pt"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))   // nothing started

        let notStudy = try run(["study", "report", "images"])
        XCTAssertNotEqual(notStudy.status, 0)
        XCTAssertTrue(notStudy.stderr.contains("not a study output directory"), notStudy.stderr)
    }

    func testAttributeNetworkFlagAddsAttributeRows() throws {
        let attributes = TestPaths.fixtures.appendingPathComponent("toy-model/attributes.pt").path
        try """
        { "name": "attrs", "images": "images",
          "inverters": [{ "name": "pSp", "checkpoint": "\(TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path)", "steps": [1] }],
          "directions": [{ "name": "tilt", "strengths": [1], "attribute": "smile" }], "directions_dirs": ["directions"],
          "metrics": ["attributes"], "w_samples": 100, "attribute_samples": 8, "grid_images": 0, "output": "attrs" }
        """.write(to: dir.appendingPathComponent("attrs.json"), atomically: true, encoding: .utf8)
        let r = try run(["study", "run", "attrs.json", "--limit", "1", "--attributes", attributes])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try lines("attrs/results.csv").dropFirst()
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { $0.contains("attribute_") }, rows.joined(separator: "\n"))
        let bad = try run(["study", "run", "attrs.json", "--attributes", "/nonexistent/attributes.pt"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("/nonexistent/attributes.pt"), bad.stderr)
    }

    /// Issue 19 item 2: a changed study is not resumed with the old cells.
    func testResumingAChangedStudyIsRefusedNamingTheDifference() throws {
        XCTAssertEqual(try run(["study", "run", "study.json", "--limit", "1"]).status, 0)
        let url = dir.appendingPathComponent("study.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"strengths\": [1]", with: "\"strengths\": [2]")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let r = try run(["study", "run", "study.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("directions[0].strengths: [1.0] → [2.0]"), r.stderr)
        XCTAssertTrue(r.stderr.contains("use another --output"), r.stderr)
        XCTAssertEqual(try run(["study", "run", "study.json", "-o", "fresh"]).status, 0)
    }
}
