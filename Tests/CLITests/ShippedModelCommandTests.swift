import Checkpoints
import Foundation
import ImageCodecs
import TestSupport
import XCTest

/// The commands with no model flag, on the shipped model (`models/synthetic-faces-64`), as a newcomer runs them;
/// and what a missing or damaged shipped file gets.
final class ShippedModelCommandTests: XCTestCase {
    var dir: URL!
    let shipped = TestPaths.repositoryRoot.appendingPathComponent("models/synthetic-faces-64")
    let face = TestPaths.repositoryRoot.appendingPathComponent("examples/face.jpg").path

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String], model: URL? = nil) throws -> CommandResult {
        try CommandRunner.run(args, in: dir, environment: ["RESTYLE_MODEL_DIR": (model ?? shipped).path])
    }

    /// A copy of the shipped model folder in which `edit` changes one file.
    private func modelCopy(_ edit: (URL) throws -> Void) throws -> URL {
        let copy = dir.appendingPathComponent("model")
        try FileManager.default.copyItem(at: shipped, to: copy)
        try edit(copy)
        return copy
    }

    /// `restyle-edit examples/face.jpg --direction smile --strength 2`: the inversion and the edit, 64 px, and the
    /// edit differs from the inversion; `--encoder psp` inverts with the other encoder (another code).
    func testTheMainCommandWorksWithNoFlags() throws {
        let r = try run([face, "--direction", "smile", "--strength", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("loading restyle_e4e.pt"), r.stderr)
        let inversion = try ImageFile.decode(contentsOf: dir.appendingPathComponent("edited/face.png"))
        let edit = try ImageFile.decode(contentsOf: dir.appendingPathComponent("edited/face.smile+2.png"))
        XCTAssertEqual([inversion.width, inversion.height, edit.width, edit.height], [64, 64, 64, 64])
        XCTAssertNotEqual(inversion.tensor().scalars, edit.tensor().scalars)
        let psp = try run([face, "--encoder", "psp", "--direction", "smile", "--strength", "2", "-o", "psp"])
        XCTAssertEqual(psp.status, 0, psp.stderr)
        XCTAssertTrue(psp.stderr.contains("loading restyle_psp.pt"), psp.stderr)
        let e4eCode = try StateDict.load(dir.appendingPathComponent("edited/face.npy"))
        let pspCode = try StateDict.load(dir.appendingPathComponent("psp/face.npy"))
        XCTAssertNotEqual(try e4eCode.tensor(e4eCode.tensors[0].key).scalars, try pspCode.tensor(pspCode.tensors[0].key).scalars)
        // `edit` on the saved code uses the shipped generator and reproduces the main command's edit.
        let again = try run(["edit", "edited/face.npy", "--direction", "smile", "--strength", "2", "-o", "again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("again/face.smile+2.png")),
                       try Data(contentsOf: dir.appendingPathComponent("edited/face.smile+2.png")))
    }

    /// A damaged shipped encoder: one sentence naming the file and how to get it back.
    func testADamagedShippedEncoderSaysHowToRebuildIt() throws {
        let model = try modelCopy { copy in
            let file = copy.appendingPathComponent("restyle_e4e.pt")
            let bytes = try Data(contentsOf: file)
            try bytes.prefix(bytes.count / 2).write(to: file)
        }
        let r = try run([face, "--direction", "smile", "--strength", "2"], model: model)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the shipped model's restyle_e4e.pt"), r.stderr)
        XCTAssertTrue(r.stderr.contains("is damaged") && r.stderr.contains("scripts/train-shipped-model --only e4e"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.hasPrefix("restyle-edit: error") }.count, 1, r.stderr)
    }

    /// A missing shipped encoder names the file and the stage that trains it.
    func testAMissingShippedEncoderNamesTheStage() throws {
        let model = try modelCopy { try FileManager.default.removeItem(at: $0.appendingPathComponent("restyle_psp.pt")) }
        let r = try run([face, "--encoder", "psp", "--direction", "smile"], model: model)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("restyle_psp.pt") && r.stderr.contains("--only psp"), r.stderr)
    }
}
