import Foundation
import JSONCodec
import Studies
import TestSupport
import XCTest

/// A tiny study end to end on the ResNet-pSp fixture: outputs, resume, shards + merge, bad images.
final class StudyRunTests: XCTestCase {
    var fixture: StudyFixture!

    override func setUpWithError() throws { fixture = try StudyFixture() }
    override func tearDown() { fixture.remove() }

    /// Per cell: steps (2) × (6 per-step metrics + 3 edit metrics × 2 strengths) = 24 rows.
    let rowsPerCell = 2 * (6 + 3 * 2)

    private func spec(output: String = "out") throws -> StudySpec {
        try StudySpec(contentsOf: try fixture.write(fixture.standardStudy(output: output)))
    }

    private func rows(_ dir: URL) throws -> [StudyRow] {
        try ResultsCSV.parse(String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8), source: "results.csv")
    }

    func testEndToEndOutputs() throws {
        let spec = try spec()
        var seen: [Int] = []
        let runner = StudyRunner(spec: spec)
        runner.progress = { seen.append($0.done) }
        let result = try runner.run()
        XCTAssertEqual(result.cells, 2)
        XCTAssertEqual(result.computed, 2)
        XCTAssertEqual(seen, [1, 2])
        let out = spec.output
        let all = try rows(out)
        XCTAssertEqual(all.count, 2 * rowsPerCell)
        XCTAssertEqual(Set(all.map(\.metric)).count, 9)
        XCTAssertEqual(all.filter { $0.metric == "psnr" }.count, 4)              // 2 images × 2 step counts
        for r in all where r.metric == "ssim" { XCTAssertTrue(r.value > -1 && r.value <= 1, "\(r)") }
        for r in all where r.metric == "mse" { XCTAssertEqual(try XCTUnwrap(all.first { $0.image == r.image && $0.steps == r.steps && $0.metric == "psnr" }).value, 10 * log10(1 / r.value), accuracy: 1e-4) }
        for r in all where r.metric == "lec" || r.metric == "image_change" || r.metric == "mahalanobis" { XCTAssertTrue(r.value.isFinite && r.value > 0, "\(r)") }
        XCTAssertEqual(Set(all.compactMap(\.strength)), [-1, 2])

        // summary.json: one group per inverter × steps × (direction, strength) × metric, with CI around the mean.
        let summary = try JSONObjectReader(try JSONValue.parse(contentsOf: out.appendingPathComponent("summary.json")), source: "summary.json")
        XCTAssertEqual(try summary.require("rows", as: Int.self), 2 * rowsPerCell)
        XCTAssertEqual(try summary.require("cells", as: Int.self), 2)
        let groups = try summary.require("groups", as: [JSONObjectReader].self)
        XCTAssertEqual(groups.count, rowsPerCell)
        for g in groups {
            XCTAssertEqual(try g.require("n", as: Int.self), 2)
            let mean = try g.require("mean", as: Double.self), ci = try g.require("ci95", as: [Double].self)
            XCTAssertTrue(ci[0] <= mean + 1e-12 && mean <= ci[1] + 1e-12, "\(ci) \(mean)")
            _ = try g.require("std", as: Double.self)
        }
        let psnr1 = try XCTUnwrap(groups.first { (try? $0.require("metric", as: String.self)) == "psnr" && (try? $0.require("steps", as: Int.self)) == 1 })
        let expected = all.filter { $0.metric == "psnr" && $0.steps == 1 }.map(\.value).reduce(0, +) / 2
        XCTAssertEqual(try psnr1.require("mean", as: Double.self), expected, accuracy: 1e-6)

        // report.html: SVG plots, one embedded grid (grid_images = 1), no bad images.
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "<svg").count - 1, 6 + 2 + 1)
        XCTAssertEqual(html.components(separatedBy: "data:image/png;base64,").count - 1, 1)
        XCTAssertTrue(html.contains("psnr vs step count"))
        XCTAssertTrue(html.contains("<polygon class=\"band\""), "the step plots carry their 95% CI bands")
        XCTAssertTrue(html.contains("image change per unit strength: planted"))
        XCTAssertTrue(html.contains("<h2>Bad images</h2><p>None.</p>"))
    }

    func testOneTraceServesEverySmallerStepCount() throws {
        // Steps [1, 2] from one 2-step trace must equal a separate 1-step study's numbers.
        let spec = try spec()
        try StudyRunner(spec: spec).run()
        var single = spec
        single.inverters[0].steps = [1]
        single.output = fixture.dir.appendingPathComponent("single")
        try StudyRunner(spec: single).run()
        let a = try rows(spec.output).filter { $0.steps == 1 }, b = try rows(single.output)
        XCTAssertEqual(a.count, b.count)
        for (x, y) in zip(a, b) { XCTAssertEqual(x.value, y.value, accuracy: 1e-6 * max(1, abs(y.value)), "\(x.metric)") }
    }

    func testResumeSkipsFinishedCellsAndDropsTornRows() throws {
        let spec = try spec()
        try StudyRunner(spec: spec).run()
        let cells = spec.output.appendingPathComponent("cells.tsv")
        let before = try String(contentsOf: cells, encoding: .utf8)
        let firstRows = try rows(spec.output)
        let again = try StudyRunner(spec: spec).run()
        XCTAssertEqual(again.computed, 0)
        XCTAssertEqual(again.resumed, 2)
        XCTAssertEqual(try String(contentsOf: cells, encoding: .utf8), before)     // nothing recomputed or appended
        XCTAssertEqual(try rows(spec.output), firstRows)

        // A crash after a cell's rows but before its record, plus a torn line: the cell reruns, nothing duplicates.
        let lines = before.split(separator: "\n")
        try (lines[0] + "\n").write(to: cells, atomically: true, encoding: .utf8)
        let partial = spec.output.appendingPathComponent("results.partial.csv")
        let handle = try FileHandle(forWritingTo: partial)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("face1.png,pSp,1,,,ms".utf8))
        try handle.close()
        let resumed = try StudyRunner(spec: spec).run()
        XCTAssertEqual(resumed.computed, 1)
        XCTAssertEqual(resumed.resumed, 1)
        let final = try rows(spec.output)
        XCTAssertEqual(final.count, 2 * rowsPerCell)
        XCTAssertEqual(final, firstRows)
    }

    func testShardsMergeToTheSingleRunRows() throws {
        let spec = try spec()
        try StudyRunner(spec: spec).run()
        let s1 = fixture.dir.appendingPathComponent("s1"), s2 = fixture.dir.appendingPathComponent("s2")
        let r1 = try StudyRunner(spec: spec).run(shard: StudyShard(parsing: "1/2"), output: s1)
        let r2 = try StudyRunner(spec: spec).run(shard: StudyShard(parsing: "2/2"), output: s2)
        XCTAssertEqual(r1.cells, 1); XCTAssertEqual(r2.cells, 1)
        XCTAssertEqual(try rows(s1).count, rowsPerCell)
        let merged = fixture.dir.appendingPathComponent("merged")
        XCTAssertEqual(try StudyOutput.merge([s2, s1], into: merged), 2)
        XCTAssertEqual(try rows(merged), try rows(spec.output))
        XCTAssertEqual(try Data(contentsOf: merged.appendingPathComponent("summary.json")), try Data(contentsOf: spec.output.appendingPathComponent("summary.json")))
        // report rebuild is idempotent.
        let before = try Data(contentsOf: merged.appendingPathComponent("report.html"))
        try StudyOutput.rebuild(directory: merged)
        XCTAssertEqual(try Data(contentsOf: merged.appendingPathComponent("report.html")), before)
    }

    func testConcurrentCellsGiveTheSameFiles() throws {
        let spec = try spec()
        try StudyRunner(spec: spec).run(jobs: 2)
        let serial = fixture.dir.appendingPathComponent("serial")
        try StudyRunner(spec: spec).run(output: serial, jobs: 1)
        let a = try String(contentsOf: serial.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        let b = try String(contentsOf: spec.output.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(a.count, b.count)
        for (x, y) in zip(a, b) where x != y { XCTFail("\(x) vs \(y)") }
        XCTAssertEqual(try rows(serial).count, 2 * rowsPerCell)
    }

    func testBadImageIsSkippedAndListed() throws {
        try Data("not a png".utf8).write(to: fixture.images.appendingPathComponent("broken.png"))
        var spec = try spec()
        spec.metrics = [.mse, .psnr]
        let result = try StudyRunner(spec: spec).run()
        XCTAssertEqual(result.cells, 3)
        XCTAssertEqual(result.badImages.map(\.key.image), ["broken.png"])
        XCTAssertEqual(try rows(spec.output).count, 2 * 2 * 2)
        let html = try String(contentsOf: spec.output.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<td class=\"l\">broken.png</td>"))
        let summary = try String(contentsOf: spec.output.appendingPathComponent("summary.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\"image\": \"broken.png\""), summary)
    }

    func testAttributeMetricsAreSkippedWithANote() throws {
        var spec = try spec()
        spec.metrics = [.mse, .attributeEditability]
        let result = try StudyRunner(spec: spec).run(limit: 1)
        XCTAssertEqual(result.cells, 1)
        XCTAssertTrue(result.notes.contains { $0.contains("attribute_editability skipped: needs the shipped attribute network") }, "\(result.notes)")
        XCTAssertEqual(Set(try rows(spec.output).map(\.metric)), ["mse"])
        XCTAssertTrue(try String(contentsOf: spec.output.appendingPathComponent("report.html"), encoding: .utf8).contains("needs the shipped attribute network"))
    }
}
