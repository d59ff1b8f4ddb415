import Foundation
import Inversion
import TensorCore
import TestSupport
import XCTest

/// One encoder forward on step 0's input `cat(x, avg_image)` against the reference's intermediates (`enc.*` of the
/// e4e, psp and resnet_psp goldens): stem, the last unit of every stage, the feature map, heads 0 and 1, the W+ residual.
final class EncoderIntermediateTests: XCTestCase {
    private func check(_ modelName: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try InversionFixtures.model(modelName)
        let g = try InversionFixtures.golden(modelName)
        let inputs = try InversionFixtures.golden("inputs")
        let x6 = try Tensor.concatChannels([inputs.tensor("x"), inputs.tensor("avg_image")])         // [1, 6, 64, 64]
        let encoder = model.encoder
        var outputs: [Int: Tensor] = [:]
        let features = try encoder.backbone.forward(x6, observe: { outputs[$0] = $1 })               // [1, 32, 4, 4]
        var actual: [String: Tensor] = ["feature_map": features]
        actual[encoder.configuration.backbone == .irSE ? "input_layer_out" : "stem_out"] = outputs[-1]
        var end = -1
        for (k, count) in encoder.configuration.stageUnitCounts.enumerated() {
            end += count
            actual["stage\(k + 1)_out"] = outputs[end]
        }
        actual["head0_out"] = try encoder.heads[0].forward(features)                                 // [1, D]
        actual["head1_out"] = try encoder.heads[1].forward(features)
        actual["encoder_out"] = try encoder.encode(x6)                                               // [1, n, D]
        var checked: [String] = []
        for name in g.names where name.hasPrefix("enc.") {
            // Large maps are stored as x[:, :, ::3, ::3] under "<name>_sub3".
            let subsampled = name.hasSuffix("_sub3")
            let key = String(name.dropFirst(4).dropLast(subsampled ? 5 : 0))
            guard let a = try actual[key].map({ subsampled ? try $0.subsampled(stride: 3) : $0 }) else { XCTFail("\(modelName): no Swift value for \(name)", file: file, line: line); continue }
            let expected = try g.tensor(name)
            let scale = expected.scalars.map(abs).max() ?? 0
            let c = assertClose(a, expected, tolerance: 1e-4 * max(1, scale), "\(modelName) \(key)", file: file, line: line)
            checked.append("\(key) \(c.maxAbsError)")
        }
        XCTAssertGreaterThanOrEqual(checked.count, 5, file: file, line: line)
        if encoder.configuration.backbone == .resNet || modelName == "e4e" { XCTAssertEqual(checked.count, 9, file: file, line: line) }
        // The W+ residual is also step 0's encoder output.
        XCTAssertEqual(actual["encoder_out"]!.reshaped(Array(actual["encoder_out"]!.shape.dropFirst())).shape, try g.tensor("deltas").slice(0).shape)
        print("[\(modelName) intermediates] " + checked.joined(separator: ", "))
    }

    func testE4EIntermediates() throws { try check("e4e") }
    func testPSPIntermediates() throws { try check("psp") }
    func testResNetIntermediates() throws { try check("resnet_psp") }

    /// The pSp and e4e head combinations on the same feature map: e4e rows are w0 + head_i, pSp rows are head_i.
    func testHeadCombinations() throws {
        let e4e = try InversionFixtures.model("e4e").encoder
        var rng = SeededGenerator(seed: 7)
        let features = rng.normalTensor([2, e4e.configuration.headInputChannels, 4, 4])               // [2, C, 4, 4]
        guard case .progressive(let progressive) = e4e.network else { return XCTFail("e4e is progressive") }
        let rows = try progressive.forward(features: features)                                        // [2, n, D]
        let pSp = BackboneEncoder(backbone: progressive.backbone, heads: progressive.heads)
        let independent = try pSp.forward(features: features)                                        // [2, n, D]
        let n = rows.shape[1], d = rows.shape[2]
        for b in 0..<2 {
            for r in 0..<n {
                for j in 0..<d {
                    let expected = r == 0 ? independent[b, 0, j] : independent[b, 0, j] + independent[b, r, j]
                    XCTAssertEqual(rows[b, r, j], expected, accuracy: 1e-6)
                }
            }
        }
        XCTAssertNotEqual(rows[0, 3, 0], independent[0, 3, 0])
    }

    /// A head conv on a 1×1 map (3×3, stride 2, pad 1) sees only its centre tap; checked against that closed form
    /// (this caught an im2col read past the row for 1-wide inputs).
    func testHeadConvOnOneByOneMap() throws {
        let head = try InversionFixtures.model("resnet_psp").encoder.heads[1]
        var rng = SeededGenerator(seed: 9)
        let x = rng.normalTensor([2, head.inChannels, 1, 1])                                           // [2, C, 1, 1]
        let (w, bias) = head.convs[1]                                                                  // [D, D, 3, 3]
        let input = x.slice(0).reshaped([1, head.inChannels, 1, 1])
        let first = try input.conv2d(weight: head.convs[0].weight, bias: head.convs[0].bias, stride: 2, padding: 1)  // [1, D, 1, 1]
        for _ in 0..<3 {
            let out = try first.conv2d(weight: w, bias: bias, stride: 2, padding: 1)                    // [1, D, 1, 1]
            for o in 0..<w.shape[0] {
                var expected = bias[o]
                for c in 0..<w.shape[1] { expected += w[o, c, 1, 1] * first[0, c, 0, 0] }
                XCTAssertEqual(out[0, o, 0, 0], expected, accuracy: 1e-4 * (1 + abs(expected)))
            }
        }
        let once = try head.forward(x), again = try head.forward(x)
        XCTAssertEqual(once.scalars, again.scalars)
        XCTAssertTrue(once.scalars.allSatisfy { abs($0) < 1e3 }, "\(once)")
    }

    /// The EqualLinear fan-in scale is folded once at load: linearWeight = stored / √C.
    func testEqualLinearScaleFolded() throws {
        let sd = try InversionFixtures.stateDict("psp")
        let stored = try sd.tensor("state_dict.encoder.styles.3.linear.weight")
        let head = try InversionFixtures.model("psp").encoder.heads[3]
        let c = Float(stored.shape[1])
        assertClose(head.linearWeight, stored.scaled(by: 1 / c.squareRoot()), tolerance: 1e-7, "folded EqualLinear")
    }
}
