import Checkpoints
import Foundation
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Strict loading: layouts, and one error listing every missing / unused / mis-shaped / invalid tensor.
final class GeneratorLoadingTests: XCTestCase {
    private func restyle() throws -> StateDict { try StateDict.load(GeneratorFixtures.url("g32_restyle.pt")) }

    private func problems(_ sd: StateDict, file: StaticString = #filePath, line: UInt = #line) -> [GeneratorError.WeightProblem] {
        do {
            _ = try Generator(stateDict: sd)
            XCTFail("loading should fail", file: file, line: line)
        } catch GeneratorError.weightsMismatch(let f, _, let problems) {
            XCTAssertEqual(f, sd.file, file: file, line: line)
            return problems
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return []
    }

    func testRebuiltInMemoryStateDictLoads() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { _ in }
        let g = try Generator(stateDict: sd)
        XCTAssertEqual(g.configuration.size, 32)
        XCTAssertEqual(g.source, GeneratorSource(file: "edited.pt", layout: .restyle))
    }

    func testMissingUnusedAndMisshapedKeysAreListedTogether() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            entries.removeAll { $0.key == "state_dict.decoder.convs.1.noise.weight" }
            entries.append((key: "state_dict.decoder.extra.weight", tensor: GeneratorFixtures.storedTensor(shape: [3, 4])))
            let i = entries.firstIndex { $0.key == "state_dict.decoder.to_rgbs.1.conv.modulation.bias" }!
            entries[i] = (key: entries[i].key, tensor: GeneratorFixtures.storedTensor(shape: [13]))
        }
        let found = problems(sd)
        XCTAssertEqual(Set(found.map(\.description)), [
            "missing key 'state_dict.decoder.convs.1.noise.weight' (expected shape [1])",
            "unused key 'state_dict.decoder.extra.weight' (shape [3, 4])",
            "key 'state_dict.decoder.to_rgbs.1.conv.modulation.bias': expected shape [12], found [13]",
        ])
        do { _ = try Generator(stateDict: sd) } catch {
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("edited.pt: the generator tensors do not match"), message)
            XCTAssertTrue(message.contains("3 problems"), message)
        }
    }

    func testMisshapedConvWeightNamesBothShapes() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            let i = entries.firstIndex { $0.key == "state_dict.decoder.convs.3.conv.weight" }!
            entries[i] = (key: entries[i].key, tensor: GeneratorFixtures.storedTensor(shape: [1, 12, 11, 3, 3]))
        }
        XCTAssertEqual(problems(sd), [.shapeMismatch(key: "state_dict.decoder.convs.3.conv.weight",
                                                     expected: [1, 12, 12, 3, 3], actual: [1, 12, 11, 3, 3])])
    }

    func testBlurKernelMustBeK4() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            let i = entries.firstIndex { $0.key == "state_dict.decoder.convs.2.conv.blur.kernel" }!
            entries[i] = (key: entries[i].key, tensor: GeneratorFixtures.storedTensor(shape: [4, 4], value: 1 / 16))
        }
        let found = problems(sd)
        XCTAssertEqual(found.map(\.key), ["state_dict.decoder.convs.2.conv.blur.kernel"])
        XCTAssertTrue(found.first?.description.contains("not K4") ?? false, "\(found)")
    }

    func testEncoderKeysAreIgnoredInReStyleCheckpoints() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            entries.append((key: "state_dict.encoder.input_layer.0.weight", tensor: GeneratorFixtures.storedTensor(shape: [64, 6, 3, 3])))
        }
        XCTAssertEqual(try Generator(stateDict: sd).configuration.size, 32)
    }

    func testBareStateDictWithDecoderPrefix() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            entries = entries.map { (key: $0.key.hasPrefix("state_dict.") ? String($0.key.dropFirst("state_dict.".count)) : $0.key,
                                     tensor: $0.tensor) }
        }
        XCTAssertTrue(sd.keys.contains("decoder.conv1.conv.weight"))
        let g = try Generator(stateDict: sd)
        XCTAssertEqual(g.source.layout, .bare)
        XCTAssertEqual(g.latentAverage?.shape, [8, 32])
    }

    func testRosinalityTrainingCheckpointUsesGEmaElseG() throws {
        let rosinality = try StateDict.load(GeneratorFixtures.url("g32_rosinality.pt"))
        // g_ema wins over g (and d is ignored).
        let both = GeneratorFixtures.editedStateDict(rosinality) { entries in
            entries += entries.filter { $0.key.hasPrefix("g_ema.") }.map { (key: "g." + $0.key.dropFirst(6), tensor: GeneratorFixtures.storedTensor(shape: $0.tensor.shape)) }
            entries.append((key: "d.convs.0.0.weight", tensor: GeneratorFixtures.storedTensor(shape: [4, 3, 1, 1])))
        }
        let wPlus = try GeneratorFixtures.golden("g32").tensor("wplus")
        let expected = try Generator(stateDict: rosinality).synthesize(wPlus: wPlus).scalars
        XCTAssertEqual(try Generator(stateDict: both).synthesize(wPlus: wPlus).scalars, expected)
        // Only g: used.
        let onlyG = GeneratorFixtures.editedStateDict(rosinality) { entries in
            entries = entries.map { (key: $0.key.hasPrefix("g_ema.") ? "g." + $0.key.dropFirst(6) : $0.key, tensor: $0.tensor) }
        }
        let g = try Generator(stateDict: onlyG)
        XCTAssertEqual(g.source.layout, .rosinality)
        XCTAssertEqual(try g.synthesize(wPlus: wPlus).scalars, expected)
    }

    func testLatentAverageOfWrongShapeNamesBothShapes() throws {
        let sd = GeneratorFixtures.editedStateDict(try restyle()) { entries in
            let i = entries.firstIndex { $0.key == "latent_avg" }!
            entries[i] = (key: "latent_avg", tensor: GeneratorFixtures.storedTensor(shape: [18, 512]))
        }
        XCTAssertThrowsError(try Generator(stateDict: sd)) { error in
            XCTAssertEqual("\(error)", "edited.pt: key 'latent_avg': expected shape [8, 32] or [32], found [18, 512]")
        }
    }

    func testOtherCheckpointsAreRejectedInOneSentence() throws {
        let encoderOnly = GeneratorFixtures.editedStateDict(try restyle(), file: "encoder.pt") { entries in
            entries = [(key: "state_dict.encoder.input_layer.0.weight", tensor: GeneratorFixtures.storedTensor(shape: [64, 6, 3, 3]))]
        }
        XCTAssertThrowsError(try Generator(stateDict: encoderOnly)) { error in
            XCTAssertTrue("\(error)".hasPrefix("encoder.pt: not a StyleGAN2 generator checkpoint: found a ReStyle-style checkpoint"), "\(error)")
            XCTAssertTrue("\(error)".contains("encoder-only"), "\(error)")
        }
        let discriminator = StateDict(file: "d.pt", root: .dict([
            (key: .string("convs.0.0.weight"), value: .tensor(GeneratorFixtures.storedTensor(shape: [64, 3, 1, 1]))),
            (key: .string("final_linear.0.weight"), value: .tensor(GeneratorFixtures.storedTensor(shape: [512, 8192]))),
        ]))
        XCTAssertThrowsError(try Generator(stateDict: discriminator)) { error in
            XCTAssertTrue("\(error)".contains("look like a StyleGAN2 discriminator"), "\(error)")
        }
        let empty = StateDict(file: "empty.pt", root: .dict([(key: .string("opts"), value: .dict([]))]))
        XCTAssertThrowsError(try Generator(stateDict: empty)) { error in
            XCTAssertTrue("\(error)".contains("found no tensors"), "\(error)")
        }
        // Real files of other kinds (an InterFaceGAN direction tensor, a GANSpace PCA dict).
        let direction = try OfficialFixtures.file("restyle/age.pt")
        XCTAssertThrowsError(try Generator(contentsOf: direction)) { error in
            XCTAssertEqual("\(error)", "\(direction.path): not a StyleGAN2 generator checkpoint: found a single tensor of shape [1, 512], "
                + "not a state dict; expected a ReStyle checkpoint (state_dict with decoder.* tensors), a rosinality checkpoint (g_ema) "
                + "or a bare generator state dict")
        }
        let pca = try OfficialFixtures.file("e4e/ffhq_pca.pt")
        XCTAssertThrowsError(try Generator(contentsOf: pca)) { error in
            XCTAssertTrue("\(error)".contains("found 3 tensors without the generator's input.input"), "\(error)")
        }
        // A PNG renamed .pt: the checkpoint reader refuses it, naming the file.
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("stylegan2-tests-\(getpid())-image.pt")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 32)).write(to: png)
        defer { try? FileManager.default.removeItem(at: png) }
        XCTAssertThrowsError(try Generator(contentsOf: png)) { error in
            XCTAssertTrue("\(error)".contains(png.path), "\(error)")
        }
    }
}
