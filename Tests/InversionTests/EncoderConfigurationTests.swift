// Reads internal state (@testable), so it builds only where testability is on: debug builds (CI runs
// `swift test`); `swift test -c release` leaves this file out.
#if DEBUG
import Checkpoints
import Foundation
@testable import Inversion
import TensorCore
import TestSupport
import XCTest

/// Encoder architecture inferred from keys and shapes: the fixture models and the official IR-SE-50 / ResNet-34 key sets.
final class EncoderConfigurationTests: XCTestCase {
    /// The official IR-SE-50 encoder key set (architecture §D.1) as shape-only tensors, `encoder.`-relative.
    private func officialIRSE50(heads: Int = 18) -> StateDict {
        var entries: [(String, [Int])] = []
        func norm(_ p: String, _ c: Int) {
            for s in ["weight", "bias", "running_mean", "running_var"] { entries.append(("\(p).\(s)", [c])) }
            entries.append(("\(p).num_batches_tracked", []))
        }
        entries.append(("input_layer.0.weight", [64, 6, 3, 3])); norm("input_layer.1", 64); entries.append(("input_layer.2.weight", [64]))
        var n = 0
        for (inC, depth, count) in [(64, 64, 3), (64, 128, 4), (128, 256, 14), (256, 512, 3)] {
            for u in 0..<count {
                let i = u == 0 ? inC : depth
                norm("body.\(n).res_layer.0", i)
                entries.append(("body.\(n).res_layer.1.weight", [depth, i, 3, 3]))
                entries.append(("body.\(n).res_layer.2.weight", [depth]))
                entries.append(("body.\(n).res_layer.3.weight", [depth, depth, 3, 3]))
                norm("body.\(n).res_layer.4", depth)
                entries.append(("body.\(n).res_layer.5.fc1.weight", [depth / 16, depth, 1, 1]))
                entries.append(("body.\(n).res_layer.5.fc2.weight", [depth, depth / 16, 1, 1]))
                if i != depth { entries.append(("body.\(n).shortcut_layer.0.weight", [depth, i, 1, 1])); norm("body.\(n).shortcut_layer.1", depth) }
                n += 1
            }
        }
        appendHeads(&entries, heads: heads)
        return shapeOnly(entries)
    }

    /// The official ResNet-34 encoder key set (architecture §B.6, §D.1), `encoder.`-relative.
    private func officialResNet34(heads: Int = 18) -> StateDict {
        var entries: [(String, [Int])] = []
        func norm(_ p: String, _ c: Int) {
            for s in ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"] { entries.append(("\(p).\(s)", s.hasPrefix("num") ? [] : [c])) }
        }
        entries.append(("conv1.weight", [64, 6, 7, 7])); norm("bn1", 64); entries.append(("relu.weight", [64]))
        var n = 0, inC = 64
        for (width, count) in [(64, 3), (128, 4), (256, 6), (512, 3)] {
            for b in 0..<count {
                let i = b == 0 ? inC : width
                entries.append(("body.\(n).conv1.weight", [width, i, 3, 3])); norm("body.\(n).bn1", width)
                entries.append(("body.\(n).conv2.weight", [width, width, 3, 3])); norm("body.\(n).bn2", width)
                if b == 0 && width != 64 { entries.append(("body.\(n).downsample.0.weight", [width, i, 1, 1])); norm("body.\(n).downsample.1", width) }
                n += 1
            }
            inC = width
        }
        appendHeads(&entries, heads: heads)
        return shapeOnly(entries)
    }

    private func appendHeads(_ entries: inout [(String, [Int])], heads: Int) {
        for i in 0..<heads {
            for j in [0, 2, 4, 6] {
                entries.append(("styles.\(i).convs.\(j).weight", [512, 512, 3, 3])); entries.append(("styles.\(i).convs.\(j).bias", [512]))
            }
            entries.append(("styles.\(i).linear.weight", [512, 512])); entries.append(("styles.\(i).linear.bias", [512]))
        }
    }

    private func shapeOnly(_ entries: [(String, [Int])]) -> StateDict {
        StateDict(file: "official.pt", root: .dict(entries.map { (key: .string($0.0), value: .tensor(InversionFixtures.shapeOnly($0.1))) }))
    }

    func testOfficialIRSE50() throws {
        let sd = officialIRSE50()
        XCTAssertEqual(sd.keys.count, 565)
        let c = try EncoderConfiguration(inferringFrom: sd, type: .progressiveBackboneEncoder)
        XCTAssertEqual(c.stageUnitCounts, [3, 4, 14, 3])
        XCTAssertEqual(c.units.count, 24)
        XCTAssertEqual(c.units.enumerated().filter { $0.element.stride == 2 }.map(\.offset), [0, 3, 7, 21])
        XCTAssertEqual(c.units.enumerated().filter { $0.element.hasConvShortcut }.map(\.offset), [3, 7, 21])
        XCTAssertEqual(c.seReduction, 16)
        XCTAssertEqual([c.inputChannels, c.stemChannels, c.headCount, c.headConvCount, c.headInputChannels, c.styleDim], [6, 64, 18, 4, 512, 512])
        XCTAssertEqual(c.backboneStride, 16)
        // The expected key list (without the 52 ignored BatchNorm counters) covers every key.
        XCTAssertEqual(EncoderKeys.expected(for: c).count, 565 - 52)
        XCTAssertEqual(Set(EncoderKeys.expected(for: c).map(\.key)).union(sd.keys.filter { $0.hasSuffix("num_batches_tracked") }), Set(sd.keys))
    }

    func testOfficialResNet34() throws {
        let sd = officialResNet34()
        XCTAssertEqual(sd.keys.count, 7 + 16 * 12 + 3 * 6 + 18 * 10)
        let c = try EncoderConfiguration(inferringFrom: sd, type: .resNetBackboneEncoder)
        XCTAssertEqual(c.stageUnitCounts, [3, 4, 6, 3])
        XCTAssertEqual(c.units.enumerated().filter { $0.element.stride == 2 }.map(\.offset), [3, 7, 13])
        XCTAssertNil(c.seReduction)
        XCTAssertEqual(c.backboneStride, 16)
        XCTAssertEqual([c.headCount, c.headConvCount, c.styleDim], [18, 4, 512])
        XCTAssertEqual(Set(EncoderKeys.expected(for: c).map(\.key)).union(sd.keys.filter { $0.hasSuffix("num_batches_tracked") }), Set(sd.keys))
    }

    func testFixtureIRSE() throws {
        let sd = try InversionFixtures.stateDict("e4e").scoped("state_dict.encoder.")
        let c = try EncoderConfiguration(inferringFrom: sd, type: .progressiveBackboneEncoder, stageStarts: InversionFixtures.irseStageStarts)
        XCTAssertEqual(c.units.map(\.depth), [16, 24, 24, 24, 32])
        XCTAssertEqual(c.units.map(\.stride), [2, 2, 2, 1, 2])
        XCTAssertEqual(c.units.map(\.hasConvShortcut), [false, true, false, false, true])
        XCTAssertEqual(c.stageUnitCounts, [1, 1, 2, 1])
        XCTAssertEqual(c.seReduction, 16)                                   // fc1 widths 1, 1, 1, 1, 2 = ⌊d / 16⌋
        XCTAssertEqual([c.headCount, c.headConvCount, c.headInputChannels, c.styleDim], [10, 2, 32, 12])
        // Without the override, the width-keeping stage start at body.2 is invisible: stride 2 only at 0, 1, 4.
        let plain = try EncoderConfiguration(inferringFrom: sd, type: .progressiveBackboneEncoder)
        XCTAssertEqual(plain.units.map(\.stride), [2, 2, 1, 1, 2])
        XCTAssertThrowsError(try EncoderConfiguration(inferringFrom: sd, type: .progressiveBackboneEncoder, stageStarts: [0, 9])) { error in
            XCTAssertTrue("\(error)".contains("stage start 9"), "\(error)")
        }
    }

    func testFixtureResNet() throws {
        let sd = try InversionFixtures.stateDict("resnet_psp").scoped("state_dict.encoder.")
        let c = try EncoderConfiguration(inferringFrom: sd, type: .resNetBackboneEncoder)
        XCTAssertEqual(c.units.map(\.depth), [16, 24, 24, 24, 32])
        XCTAssertEqual(c.units.map(\.stride), [1, 2, 2, 1, 2])
        XCTAssertEqual(c.stageUnitCounts, [1, 1, 2, 1])
        XCTAssertEqual([c.stemChannels, c.headCount, c.headConvCount, c.styleDim], [16, 10, 2, 12])
        let cars = try EncoderConfiguration(inferringFrom: InversionFixtures.stateDict("cars_e4e").scoped("state_dict.encoder."),
                                            type: .resNetProgressiveBackboneEncoder)
        XCTAssertEqual(cars.headConvCount, 1)
    }

    func testEncoderTypeFromOptions() throws {
        for (name, type) in [("e4e", EncoderType.progressiveBackboneEncoder), ("psp", .backboneEncoder),
                             ("resnet_psp", .resNetBackboneEncoder), ("cars_e4e", .resNetProgressiveBackboneEncoder)] {
            XCTAssertEqual(try EncoderType(checkpoint: InversionFixtures.stateDict(name)), type, name)
        }
        XCTAssertEqual(EncoderType.of(backbone: .resNet, progressive: true), .resNetProgressiveBackboneEncoder)
        XCTAssertTrue(EncoderType.progressiveBackboneEncoder.isProgressive)
        XCTAssertFalse(EncoderType.resNetBackboneEncoder.isProgressive)
    }
}
#endif
