import Foundation
import Studies
import TensorCore
import TestSupport
import XCTest

/// A stand-in attribute network: "red" = mean of the red channel, "zero" = 0 always.
private struct RedMeter: AttributeNetwork {
    let attributeNames = ["red", "zero"]
    func scores(_ images: Tensor) throws -> Tensor {
        let b = images.shape[0], per = images.count / b, plane = per / 3
        let x = images.scalars
        var out: [Float] = []
        for i in 0..<b {
            out.append(x[(i * per)..<(i * per + plane)].reduce(0, +) / Float(plane))
            out.append(0)
        }
        return Tensor(shape: [b, 2], values: out)
    }
}

/// The attribute metrics through the `AttributeNetwork` plug-in.
final class AttributeMetricsTests: XCTestCase {
    var fixture: StudyFixture!

    override func setUpWithError() throws { fixture = try StudyFixture() }
    override func tearDown() { fixture.remove() }

    func testAttributeMetricsWithAPluggedInNetwork() throws {
        let text = fixture.standardStudy(metrics: "[\"attributes\", \"mse\"]")
            .replacingOccurrences(of: "\"strengths\": [-1, 2] }", with: "\"strengths\": [-1, 0, 2], \"attribute\": \"red\" }")
            .replacingOccurrences(of: "\"seed\": 3,", with: "\"seed\": 3, \"attribute_samples\": 8,")
        var spec = try StudySpec(contentsOf: try fixture.write(text))
        XCTAssertEqual(spec.directions[0].attribute, "red")
        XCTAssertEqual(spec.attributeSamples, 8)
        let runner = StudyRunner(spec: spec, attributeNetwork: RedMeter())
        XCTAssertEqual(runner.notes, ["attribute_error skipped: the study gives no true attributes (\"labels\")"])
        try runner.run()
        let rows = try ResultsCSV.parse(String(contentsOf: spec.output.appendingPathComponent("results.csv"), encoding: .utf8), source: "r")
        // 2 images × 2 step counts × 2 non-zero strengths for each attribute metric (s = 0 is not measured).
        let editability = rows.filter { $0.metric == "attribute_editability" }
        let entanglement = rows.filter { $0.metric == "attribute_entanglement" }
        XCTAssertEqual(editability.count, 8)
        XCTAssertEqual(entanglement.count, 8)
        XCTAssertEqual(Set(editability.compactMap(\.strength)), [-1, 2])
        for r in editability { XCTAssertTrue(r.value.isFinite && r.value != 0, "\(r)") }
        for r in entanglement { XCTAssertEqual(r.value, 0, "the other attribute never changes") }
        XCTAssertEqual(rows.filter { $0.metric == "mse" }.count, 4)

        // Without a network they are skipped with a note; a direction without a matching attribute is refused.
        spec.output = fixture.dir.appendingPathComponent("none")
        XCTAssertTrue(StudyRunner(spec: spec).notes.contains { $0.hasPrefix("attribute_entanglement skipped") })
        spec.directions[0].attribute = "smile"
        spec.output = fixture.dir.appendingPathComponent("bad")
        XCTAssertThrowsError(try StudyRunner(spec: spec, attributeNetwork: RedMeter()).run()) { error in
            XCTAssertTrue("\(error)".contains("directions[0].attribute") && "\(error)".contains("no attribute \"smile\""), "\(error)")
        }
    }

    /// `rendered:N` takes the held-out folder's labels.csv as the true attributes (no "labels" key needed).
    func testRenderedFacesBringTheirLabels() throws {
        let held = fixture.dir.appendingPathComponent("heldout")
        try FileManager.default.createDirectory(at: held, withIntermediateDirectories: true)
        for name in ["face0.png", "face1.png"] {
            try FileManager.default.copyItem(at: fixture.images.appendingPathComponent(name), to: held.appendingPathComponent(name))
        }
        try "file,red,zero\nface0.png,100,0\nface1.png,100,0\n".write(to: held.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        var spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy(output: "rendered", metrics: "[\"attribute_error\"]")
            .replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"rendered:2\"")))
        spec.renderedFaces = held
        let runner = StudyRunner(spec: spec, attributeNetwork: RedMeter())
        XCTAssertFalse(runner.notes.contains { $0.contains("no true attributes") }, "\(runner.notes)")
        try runner.run()
        let rows = try ResultsCSV.parse(String(contentsOf: spec.output.appendingPathComponent("results.csv"), encoding: .utf8), source: "r")
        XCTAssertEqual(rows.count, 4)                                      // 2 images × 2 step counts
        for r in rows { XCTAssertEqual(r.value, 50, accuracy: 0.76) }      // (|red − 100| + 0) / 2, red ∈ [−1.5, 1.5]
    }

    func testAttributeErrorAgainstTrueLabels() throws {
        // error = (|red − T| + |0 − 0|) / 2 with red ∈ [−1.5, 1.5]: raising T from 100 to 200 adds exactly 50.
        var errors: [[Double]] = []
        for t in [100, 200] {
            try "file,red,zero,unused\nface0.png,\(t),0,5\nface1.png,\(t),0,5\n".write(to: fixture.dir.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
            let text = fixture.standardStudy(output: "out\(t)", metrics: "[\"attribute_error\"]")
                .replacingOccurrences(of: "\"seed\": 3,", with: "\"seed\": 3, \"labels\": \"labels.csv\",")
            let spec = try StudySpec(contentsOf: try fixture.write(text))
            try StudyRunner(spec: spec, attributeNetwork: RedMeter()).run()
            let rows = try ResultsCSV.parse(String(contentsOf: spec.output.appendingPathComponent("results.csv"), encoding: .utf8), source: "r")
            XCTAssertEqual(rows.count, 4)                                  // 2 images × 2 step counts
            XCTAssertEqual(Set(rows.map(\.metric)), ["attribute_error"])
            errors.append(rows.map(\.value))
        }
        for (a, b) in zip(errors[0], errors[1]) { XCTAssertEqual(b - a, 50, accuracy: 1e-4) }
        for a in errors[0] { XCTAssertEqual(a, 50, accuracy: 0.76) }

        // No labels: skipped with a note.
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy(output: "nolabels", metrics: "[\"attribute_error\", \"mse\"]")))
        XCTAssertTrue(StudyRunner(spec: spec, attributeNetwork: RedMeter()).notes.contains { $0.contains("no true attributes") })
    }
}
