import Foundation
import Studies
import TestSupport
import XCTest

/// The study files shipped in examples/studies parse, and the fixture one runs.
final class ExampleStudyTests: XCTestCase {
    let studies = TestPaths.repositoryRoot.appendingPathComponent("examples/studies")

    func testEditabilityStudyParsesAndWaitsForTheShippedModel() throws {
        let spec = try StudySpec(contentsOf: studies.appendingPathComponent("editability.json"))
        XCTAssertEqual(spec.inverters.map(\.name), ["ReStyle-e4e", "ReStyle-pSp"])
        XCTAssertEqual(spec.inverters.map(\.steps), [[1, 2, 3, 5, 10], [1, 2, 3, 5, 10]])
        XCTAssertEqual(spec.images, .rendered(count: 200))
        XCTAssertEqual(spec.directions.map(\.name), ["smile", "yaw", "eye_open", "glasses", "hair_colour", "hair_length", "skin_tone", "face_width", "light"])
        XCTAssertTrue(spec.metrics.contains(.attributeEditability) && spec.metrics.contains(.lec))
        XCTAssertTrue(spec.inverters[0].checkpoint.path.hasSuffix("models/synthetic-faces-64/restyle_e4e.pt"))
        if !FileManager.default.fileExists(atPath: spec.inverters[0].checkpoint.path) {
            XCTAssertThrowsError(try spec.checkInputs()) { XCTAssertTrue("\($0)".contains("needs held-out faces"), "\($0)") }
        }
    }

    func testFixtureSmokeStudyRuns() throws {
        let spec = try StudySpec(contentsOf: studies.appendingPathComponent("fixture-smoke.json"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try StudyRunner(spec: spec).run(limit: 1, output: out)
        XCTAssertEqual(result.cells, 2)                                        // face0 × (e4e, pSp)
        let rows = try ResultsCSV.parse(String(contentsOf: out.appendingPathComponent("results.csv"), encoding: .utf8), source: "r")
        // 2 cells × 4 step counts × (6 per-step + 3 edit metrics × 4 strengths).
        XCTAssertEqual(rows.count, 2 * 4 * (6 + 3 * 4))
        XCTAssertEqual(Set(rows.map(\.inverter)), ["ReStyle-e4e", "ReStyle-pSp"])
    }
}
