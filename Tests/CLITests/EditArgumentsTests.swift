import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// Issue 19: how edits, codes and names are read from the command line, run on the built binary as a user would.
final class EditArgumentsTests: XCTestCase {
    let g32 = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path      // 8 rows × 32
    let psp = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path       // 10 rows × 12
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("edit-args-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, dim, seed) in [("smile", 32, 1), ("age", 32, 2), ("tilt", 12, 3)] as [(String, Int, UInt64)] {
            var d = Tensor.randomNormal(shape: [1, dim], seed: seed)
            let norm = d.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
            d = Tensor(shape: [1, dim], values: d.scalars.map { $0 / norm })
            let file = dir.appendingPathComponent("\(name).npy")
            try NumPyArrayFile.write(d, to: file)
            let r = try run(["directions", "import", file.path, "--name", name, "-o", "plugins"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try run(["generate", "--checkpoint", g32, "--seed", "3", "-o", "codes"]).status, 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String], environment: [String: String]? = nil) throws -> CommandResult {
        try CommandRunner.run(args, in: dir, environment: environment)
    }
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path) }
    private func load(_ path: String) throws -> Tensor {
        let sd = try StateDict.load(dir.appendingPathComponent(path))
        return try sd.tensor(sd.tensors[0].key)
    }
    private func edit(_ args: [String]) throws -> CommandResult {
        try run(["edit", "codes/seed0003.npy", "--checkpoint", g32, "--directions", "plugins"] + args)
    }

    /// Item 3: each --strength/--layers/--sweep belongs to the --direction before it.
    func testValuesBelongToTheDirectionBeforeThem() throws {
        var r = try edit(["--direction", "smile", "--strength", "1", "--direction", "age", "--sweep", "-1,1", "--layers", "0-3", "-o", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(exists("out/seed0003.smile+1__age-1@0-3.npy"), "\(listing("out"))")
        XCTAssertTrue(exists("out/seed0003.smile+1__age.sweep.png"), listing("out"))   // named after every direction
        let w = try load("codes/seed0003.npy"), e = try load("out/seed0003.smile+1__age+1@0-3.npy")
        let smile = try load("smile.npy").scalars, age = try load("age.npy").scalars
        for row in 0..<8 {
            let expected = zip(w.slice(row).scalars, smile).map { $0 + $1 }
            let withAge = row <= 3 ? zip(expected, age).map { $0 + $1 } : expected
            for (a, b) in zip(e.slice(row).scalars, withAge) { XCTAssertEqual(a, b, accuracy: 1e-6, "row \(row)") }
        }
        for (args, message) in [
            (["--strength", "1", "--direction", "smile"], "--strength 1 comes before any --direction"),
            (["--direction", "smile", "--strength", "1", "--strength", "2"], "--direction smile has two --strength values (1, 2)"),
            (["--direction", "smile", "--strength", "1", "--sweep", "0,1"], "has both --strength and --sweep"),
            (["--direction", "smile", "--sweep", "0,1", "--direction", "age"], "the swept direction must come last"),
        ] {
            r = try edit(args + ["-o", "bad"])
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(exists("bad"), "\(args) wrote output")
        }
    }

    /// Item 18: a Python slice (exclusive end) beside the inclusive form.
    func testLayerSlicesHaveAnExclusiveEnd() throws {
        XCTAssertEqual(try edit(["--direction", "smile", "--strength", "2", "--layers", "2:5", "-o", "a"]).status, 0)
        XCTAssertEqual(try edit(["--direction", "smile", "--strength", "2", "--layers", "2-4", "-o", "b"]).status, 0)
        XCTAssertEqual(try load("a/seed0003.smile+2@2-4.npy").scalars, try load("b/seed0003.smile+2@2-4.npy").scalars)
        let r = try edit(["--direction", "smile", "--layers", "5:5", "-o", "c"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("holds no rows"), r.stderr)
    }

    /// Item 1: a W+ code of another model is refused; [N, D] are W codes only with --w.
    func testCodesOfAnotherModelAreRefused() throws {
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [5, 32], seed: 9), to: dir.appendingPathComponent("five.npy"))
        for args in [["edit", "five.npy", "--checkpoint", g32, "--directions", "plugins", "--direction", "smile", "-o", "x"],
                     ["generate", "--latent", "five.npy", "--checkpoint", g32, "-o", "x"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("not a W+ code of this generator ([8, 32])") && r.stderr.contains("--w"), r.stderr)
            XCTAssertFalse(exists("x"))
        }
        let r = try run(["generate", "--latent", "five.npy", "--w", "--checkpoint", g32, "-o", "w"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(names("w").filter { $0.hasSuffix(".png") }.count, 5)
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [2, 14, 32], seed: 9), to: dir.appendingPathComponent("other.npy"))
        let other = try run(["generate", "--latent", "other.npy", "--checkpoint", g32, "-o", "y"])
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.stderr.contains("14 rows per code; this generator takes 8"), other.stderr)
    }

    /// Items 12 and 16: conflicts are errors or warnings; names survive shells.
    func testConflictsAndFileNames() throws {
        var r = try edit(["--direction", "smile", "--strength", "0.33", "-o", "n"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(exists("n/seed0003.smile+0.33.png"), "\(listing("n"))")
        let manifestURL = dir.appendingPathComponent("plugins/smile/manifest.json")
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        manifest["strength_range"] = [-3, 3]
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        r = try edit(["--direction", "smile", "--strength", "40", "-o", "range"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: strength 40.0 for smile is outside its strength_range"), r.stderr)
        XCTAssertEqual(try run(["directions", "pca", "--checkpoint", g32, "--samples", "300", "--components", "4",
                                "--name", "pc", "-o", "plugins"]).status, 0)
        r = try edit(["--direction", "pc#1", "--strength", "1", "--center", "-o", "c"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--center applies to add-mode directions"), r.stderr)
        r = try edit(["--direction", "pc#1", "--strength", "1", "-o", "pc"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(names("pc").allSatisfy { !$0.contains("#") && !$0.contains(",") }, listing("pc"))
        XCTAssertTrue(exists("pc/seed0003.pc_c1=1.png"), "\(listing("pc"))")
    }

    /// Items 9 and 10: generator-only checkpoints and missing --directions folders are named plainly.
    func testGeneratorOnlyCheckpointAndMissingDirections() throws {
        try RGBImage(width: 64, height: 64, red: 120, green: 90, blue: 60).write(to: dir.appendingPathComponent("face.png"))
        let rosinality = TestPaths.fixtures.appendingPathComponent("generator/g32_rosinality.pt").path
        var r = try run(["face.png", "--checkpoint", rosinality, "--directions", "plugins", "--direction", "smile", "-o", "o"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("generator only") && r.stderr.contains("inversion needs a ReStyle encoder checkpoint"), r.stderr)
        XCTAssertFalse(r.stderr.contains("--encoder-type"), r.stderr)
        let help = try run(["edit-images", "--help"]).stdout
        XCTAssertTrue(help.contains("--encoder-type") && help.contains("ProgressiveBackboneEncoder") && !help.contains("GradualStyleEncoder"), help)
        r = try run(["face.png", "--checkpoint", psp, "--directions", "nowhere", "--direction", "tilt", "-o", "o"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("--directions nowhere: no such directory"), r.stderr)
        r = try edit(["--directions", "nowhere", "--direction", "smile", "-o", "o"])
        XCTAssertTrue(r.stderr.contains("--directions nowhere: no such directory"), r.stderr)
    }

    /// Item 6: `directions import` writes where `edit` and `directions list` look, and says how to use it.
    func testImportGoesWhereTheSearchLooks() throws {
        let env = ["XDG_DATA_HOME": dir.appendingPathComponent("xdg").path, "RESTYLE_DIRECTIONS": ""]
        var r = try run(["directions", "import", "smile.npy", "--name", "grin"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(exists("xdg/restyle-edit/directions/grin/manifest.json"), r.stdout)
        XCTAssertTrue(r.stdout.contains("use it with --direction grin"), r.stdout)
        r = try run(["directions", "list", "--checkpoint", g32], environment: env)
        XCTAssertTrue(r.stdout.contains("grin"), r.stdout)
        r = try run(["edit", "codes/seed0003.npy", "--checkpoint", g32, "--direction", "grin", "-o", "g"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    private func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(path).path)) ?? []).sorted()
    }
    private func listing(_ path: String) -> String { names(path).joined(separator: ", ") }
}
