import Checkpoints
import Foundation
import Studies
import TensorCore
import TestSupport
import XCTest

/// The Swift attribute network against the toy attributes.pt and its PyTorch golden (toy_e4e.golden `attributes_raw`).
final class AttributeNetTests: XCTestCase {
    static let file = TestPaths.fixtures.appendingPathComponent("toy-model/attributes.pt")

    func testToyAttributesLoad() throws {
        let net = try AttributeNet(contentsOf: Self.file)
        let c = net.configuration
        XCTAssertEqual(c.outputs.count, 12)
        XCTAssertEqual(c.outputs.first, "smile")
        XCTAssertEqual(c.kinds[c.outputs.firstIndex(of: "glasses")!], .binary)
        XCTAssertEqual(c.widths, [8, 16, 16, 16])
        XCTAssertEqual(c.convsPerStage, 2)
        XCTAssertEqual(c.hidden, 32)
        XCTAssertEqual(c.inputSize, 64)
        XCTAssertEqual(net.stages.map(\.count), [2, 2, 2, 2])
        XCTAssertEqual(net.stages[1][0].weight.shape, [16, 8, 3, 3])
        XCTAssertEqual(net.outputWeight.shape, [12, 32])
        XCTAssertEqual(net.attributeNames, c.outputs)
    }

    /// Raw outputs on the toy face match PyTorch's `net(x)` to 1e-4; scores denormalise them.
    func testToyFaceMatchesPyTorchGolden() throws {
        let net = try AttributeNet(contentsOf: Self.file)
        let golden = try GoldenFile(fixture: "toy-model/toy_e4e.golden")
        let x = try golden.tensor("x"), expected = try golden.tensor("attributes_raw")
        let raw = try net.rawOutputs(x)
        XCTAssertEqual(raw.shape, [1, 12])
        let error = zip(raw.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        print("AttributeNet toy face: max |swift - torch| raw = \(error)")
        assertClose(raw, expected, tolerance: 1e-4, "attributes_raw")

        let scores = try net.scores(x), c = net.configuration
        for j in 0..<12 {
            let r = expected.scalars[j]
            let want = c.kinds[j] == .binary ? 1 / (1 + exp(-r)) : r * c.std[j] + c.mean[j]
            XCTAssertEqual(scores.scalars[j], want, accuracy: 1e-4, c.outputs[j])
        }
        // A batch of two: each row equals the single-image result.
        let batch = Tensor(shape: [2, 3, 64, 64], values: x.scalars + x.scaled(by: 0.5).scalars)
        let both = try net.rawOutputs(batch), half = try net.rawOutputs(x.scaled(by: 0.5))
        assertClose(Tensor(shape: [12], values: Array(both.scalars[0..<12])), Tensor(shape: [12], values: raw.scalars), tolerance: 1e-5)
        assertClose(Tensor(shape: [12], values: Array(both.scalars[12..<24])), Tensor(shape: [12], values: half.scalars), tolerance: 1e-5)
    }

    func testBadInputIsRejected() throws {
        let net = try AttributeNet(contentsOf: Self.file)
        XCTAssertThrowsError(try net.scores(Tensor(zeros: [1, 1, 64, 64]))) { error in
            XCTAssertEqual(error as? AttributeNetError, .badInput(shape: [1, 1, 64, 64]))
        }
        // Another size is resized to the input size: still [B, 12], finite.
        let small = try net.scores(Tensor(zeros: [1, 3, 32, 32]))
        XCTAssertEqual(small.shape, [1, 12])
        XCTAssertTrue(small.scalars.allSatisfy(\.isFinite))
    }

    /// Strict loading: a dropped tensor is named with its expected shape; a mis-shaped one with both shapes.
    func testStrictLoadingNamesKeyAndShapes() throws {
        let sd = try StateDict.load(Self.file)
        guard let entries = sd.root.asDict else { return XCTFail("root is not a dict") }
        func rebuilt(_ edit: ([(key: String, value: CheckpointValue)]) -> [(key: String, value: CheckpointValue)]) -> StateDict {
            let root = entries.map { entry -> (key: CheckpointValue, value: CheckpointValue) in
                guard entry.key == "state_dict", let weights = entry.value.asDict else { return (.string(entry.key), entry.value) }
                return (.string("state_dict"), .dict(edit(weights).map { (.string($0.key), $0.value) }))
            }
            return StateDict(file: "memory.pt", root: .dict(root))
        }
        XCTAssertNoThrow(try AttributeNet(stateDict: rebuilt { $0 }))

        let missing = rebuilt { $0.filter { $0.key != "features.4.running_var" } }
        XCTAssertThrowsError(try AttributeNet(stateDict: missing)) { error in
            XCTAssertEqual(error as? AttributeNetError, .weightsMismatch(file: "memory.pt", problems: [
                .missing(key: "state_dict.features.4.running_var", expected: [8])]))
            XCTAssertTrue("\(error)".contains("memory.pt") && "\(error)".contains("features.4.running_var"), "\(error)")
        }
        let swapped = rebuilt { w in
            let bias = w.first { $0.key == "head.4.bias" }!.value
            return w.map { $0.key == "head.2.bias" ? (key: $0.key, value: bias) : $0 }
        }
        XCTAssertThrowsError(try AttributeNet(stateDict: swapped)) { error in
            XCTAssertEqual(error as? AttributeNetError, .weightsMismatch(file: "memory.pt", problems: [
                .shapeMismatch(key: "state_dict.head.2.bias", expected: [32], actual: [12])]))
        }
        let extra = rebuilt { w in w + [(key: "head.9.weight", value: w.first { $0.key == "head.4.bias" }!.value)] }
        XCTAssertThrowsError(try AttributeNet(stateDict: extra)) { error in
            XCTAssertEqual(error as? AttributeNetError, .weightsMismatch(file: "memory.pt", problems: [
                .unused(key: "state_dict.head.9.weight", actual: [12])]))
        }
    }

    func testConfigErrorsNameTheKey() throws {
        let sd = try StateDict.load(Self.file)
        guard let entries = sd.root.asDict else { return XCTFail("root is not a dict") }
        let noConfig = StateDict(file: "memory.pt", root: .dict(entries.filter { $0.key != "config" }.map { (.string($0.key), $0.value) }))
        XCTAssertThrowsError(try AttributeNet(stateDict: noConfig)) { error in
            XCTAssertEqual(error as? AttributeNetError, .badConfig(file: "memory.pt", key: "config", reason: "missing"))
        }
    }

    /// The toy network plugged into a tiny study: attribute_editability / attribute_entanglement rows appear,
    /// finite, for the direction mapped to "smile".
    func testStudyWithToyAttributeNetwork() throws {
        let fixture = try StudyFixture()
        defer { fixture.remove() }
        let text = fixture.standardStudy(metrics: "[\"attribute_editability\", \"attribute_entanglement\"]")
            .replacingOccurrences(of: "\"strengths\": [-1, 2] }", with: "\"strengths\": [-1, 2], \"attribute\": \"smile\" }")
            .replacingOccurrences(of: "\"seed\": 3,", with: "\"seed\": 3, \"attribute_samples\": 4,")
        let spec = try StudySpec(contentsOf: try fixture.write(text))
        let runner = StudyRunner(spec: spec, attributeNetwork: try AttributeNet(contentsOf: Self.file))
        _ = try runner.run(limit: 1)
        let rows = try ResultsCSV.parse(String(contentsOf: spec.output.appendingPathComponent("results.csv"), encoding: .utf8), source: "r")
        let editability = rows.filter { $0.metric == "attribute_editability" }
        let entanglement = rows.filter { $0.metric == "attribute_entanglement" }
        // 1 image × 2 step counts × 2 strengths.
        XCTAssertEqual(editability.count, 4)
        XCTAssertEqual(entanglement.count, 4)
        for r in editability + entanglement { XCTAssertTrue(r.value.isFinite, "\(r)") }
        XCTAssertTrue(entanglement.allSatisfy { $0.value >= 0 })
        print("AttributeNet study: editability " + editability.map { String(format: "%.3f", $0.value) }.joined(separator: " ")
              + "; entanglement " + entanglement.map { String(format: "%.3f", $0.value) }.joined(separator: " "))
    }
}
