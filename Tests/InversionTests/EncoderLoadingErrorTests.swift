import Checkpoints
import Foundation
import Inversion
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Strict loading and clear errors: missing / unused / mis-shaped keys, encoder types, missing opts and latent_avg,
/// encoder vs generator mismatches.
final class EncoderLoadingErrorTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    func testStrictLoadingListsEveryProblem() throws {
        let sd = InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "broken.pt", stateDict: { entries in
            entries.removeAll { $0.key == "encoder.body.2.bn1.running_var" }
            entries.append((key: "encoder.extra.weight", value: .tensor(InversionFixtures.storedTensor(shape: [3]))))
            let i = entries.firstIndex { $0.key == "encoder.styles.4.linear.bias" }!
            entries[i].value = .tensor(InversionFixtures.storedTensor(shape: [17]))   // D = 12
        })
        XCTAssertThrowsError(try ReStyleModel(stateDict: sd)) { error in
            guard case let InversionError.weightsMismatch(file, _, problems) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "broken.pt")
            XCTAssertEqual(problems.count, 3, "\(problems)")
            XCTAssertTrue(problems.contains(.missing(key: "state_dict.encoder.body.2.bn1.running_var", expected: [24])))
            XCTAssertTrue(problems.contains(.unused(key: "state_dict.encoder.extra.weight", actual: [3])))
            XCTAssertTrue(problems.contains(.shapeMismatch(key: "state_dict.encoder.styles.4.linear.bias", expected: [12], actual: [17])))
            let text = "\(error)"
            for part in ["broken.pt", "body.2.bn1.running_var", "expected shape [12], found [17]", "extra.weight", "3 problems"] {
                XCTAssertTrue(text.contains(part), "'\(part)' not in: \(text)")
            }
        }
    }

    func testMissingOptsNeedsAnExplicitType() throws {
        let sd = InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "no_opts.pt",
                                          topLevel: { $0.removeAll { $0.key == "opts" } })
        XCTAssertThrowsError(try ReStyleModel(stateDict: sd)) { error in
            XCTAssertEqual(error as? InversionError, .missingEncoderType(file: "no_opts.pt"))
            XCTAssertTrue("\(error)".contains("--encoder-type"), "\(error)")
        }
        let model = try ReStyleModel(stateDict: sd, encoderType: .resNetBackboneEncoder)
        XCTAssertEqual(model.encoder.configuration.type, .resNetBackboneEncoder)
        XCTAssertNil(model.datasetType)
    }

    func testUnknownAndUnsupportedEncoderTypes() throws {
        func withType(_ name: String) throws -> StateDict {
            InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "typed.pt", topLevel: { top in
                let i = top.firstIndex { $0.key == "opts" }!
                var opts = top[i].value.asDict!
                let j = opts.firstIndex { $0.key == "encoder_type" }!
                opts[j].value = .string(name)
                top[i].value = .dict(opts.map { (key: .string($0.key), value: $0.value) })
            })
        }
        XCTAssertThrowsError(try ReStyleModel(stateDict: withType("FancyEncoder"))) { error in
            XCTAssertEqual(error as? InversionError, .unknownEncoderType(file: "typed.pt", name: "FancyEncoder"))
            XCTAssertTrue("\(error)".contains("ProgressiveBackboneEncoder"), "lists the known types: \(error)")
        }
        XCTAssertThrowsError(try ReStyleModel(stateDict: withType("GradualStyleEncoder"))) { error in
            guard case InversionError.unsupportedEncoderType(_, "GradualStyleEncoder", _) = error else { return XCTFail("\(error)") }
        }
        // An override that needs the other backbone.
        XCTAssertThrowsError(try ReStyleModel(stateDict: withType("ResNetBackboneEncoder"), encoderType: .backboneEncoder)) { error in
            XCTAssertEqual(error as? InversionError, .backboneMismatch(file: "typed.pt", encoderType: "BackboneEncoder", expected: "IR-SE", found: "ResNet"))
        }
    }

    func testMissingLatentAverage() throws {
        let sd = InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "no_avg.pt",
                                          topLevel: { $0.removeAll { $0.key == "latent_avg" } })
        XCTAssertThrowsError(try ReStyleModel(stateDict: sd)) { error in
            XCTAssertEqual(error as? InversionError, .missingLatentAverage(file: "no_avg.pt"))
        }
    }

    func testEncoderStylesMustMatchGenerator() throws {
        // Drop the last head: the encoder then yields 9 rows for a 64 px generator (10 W+ rows).
        let sd = InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "nine.pt", stateDict: { entries in
            entries.removeAll { $0.key.hasPrefix("encoder.styles.9.") }
        })
        XCTAssertThrowsError(try ReStyleModel(stateDict: sd)) { error in
            guard case InversionError.incompatibleParts(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("9 style heads") && reason.contains("10 W+ rows"), reason)
        }
        // Parts with different style dims.
        let model = try InversionFixtures.model("resnet_psp")
        XCTAssertThrowsError(try ReStyleModel(encoder: model.encoder, generator: model.generator,
                                              latentAverage: Tensor(zeros: [10, model.styleDim + 1]))) { error in
            guard case InversionError.latentShape = error else { return XCTFail("\(error)") }
        }
        // A [D] average code is repeated to every row.
        let repeated = try ReStyleModel(encoder: model.encoder, generator: model.generator,
                                        latentAverage: Tensor(shape: [model.styleDim], values: (0..<model.styleDim).map(Float.init)))
        XCTAssertEqual(repeated.latentAverage.shape, [10, model.styleDim])
        XCTAssertEqual(repeated.latentAverage[9, 5], 5)
    }

    func testHiddenStageStartIsAClearError() throws {
        // e4e.pt's stage 3 starts at body.2 without a width change; its opts.input_size (64) shows the inferred strides
        // (units 0, 1, 4) leave an 8×8 map for 2 head convs.
        XCTAssertThrowsError(try ReStyleModel(contentsOf: InversionFixtures.url("e4e.pt"))) { error in
            guard case InversionError.configurationNotInferred(let file, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("e4e.pt"))
            XCTAssertTrue(reason.contains("8×8") && reason.contains("[0, 1, 4]") && reason.contains("stage starts"), reason)
        }
        let model = try ReStyleModel(contentsOf: InversionFixtures.url("e4e.pt"), stageStarts: InversionFixtures.irseStageStarts)
        XCTAssertEqual(model.encoder.configuration.strideTwoUnits, [0, 1, 2, 4])
        XCTAssertEqual([model.inputHeight, model.inputWidth], [64, 64])
        let cars = try InversionFixtures.model("cars_e4e")
        XCTAssertEqual([cars.inputHeight, cars.inputWidth], [24, 32])
    }

    func testBareEncoderStateDict() throws {
        // Only the encoder's tensors, without any prefix (a bare encoder state dict).
        let source = try InversionFixtures.stateDict("resnet_psp")
        let bare = StateDict(file: "bare.pt", root: .dict(source.tensors.compactMap { entry in
            entry.key.hasPrefix("state_dict.encoder.")
                ? (key: .string(String(entry.key.dropFirst("state_dict.encoder.".count))), value: .tensor(entry.tensor)) : nil
        }))
        let encoder = try ReStyleEncoder(checkpoint: bare, type: .resNetBackboneEncoder)
        let reference = try InversionFixtures.model("resnet_psp").encoder
        var rng = SeededGenerator(seed: 5)
        let x6 = rng.normalTensor([1, 6, 32, 32])
        XCTAssertEqual(try encoder.encode(x6).scalars, try reference.encode(x6).scalars)
    }

    func testNotAnEncoder() throws {
        let sd = InversionFixtures.edited(try InversionFixtures.stateDict("resnet_psp"), file: "decoder_only.pt", stateDict: { entries in
            entries.removeAll { $0.key.hasPrefix("encoder.") }
        })
        XCTAssertThrowsError(try ReStyleEncoder(checkpoint: sd)) { error in
            guard case InversionError.notAnEncoder(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "decoder_only.pt")
        }
    }

    func testBadInputShapes() throws {
        let model = try InversionFixtures.model("resnet_psp")
        XCTAssertThrowsError(try model.encoder.encode(Tensor(zeros: [1, 3, 64, 64]))) { error in
            XCTAssertEqual(error as? InversionError, .invalidInput(argument: "encoder input", expected: "[B, 6, H, W]", actual: [1, 3, 64, 64]))
        }
        let inverter = try ReStyleInverter(model: model)
        XCTAssertThrowsError(try inverter.invert(Tensor(zeros: [3, 64, 64])))
        // Too large an image for 2 head convs: the head map is not 1×1.
        XCTAssertThrowsError(try inverter.invert(Tensor(zeros: [1, 3, 128, 128]))) { error in
            XCTAssertTrue("\(error)".contains("not 1×1"), "\(error)")
        }
    }
}
