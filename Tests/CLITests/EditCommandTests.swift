import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// `restyle-edit edit`, the headline command and `directions …`, run as a user would.
final class EditCommandTests: XCTestCase {
    let g32 = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path
    let psp = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 5)
        for (name, dim) in [("d32", 32), ("d12", 12)] {
            var d = rng.normalTensor([1, dim])
            let norm = d.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
            d = Tensor(shape: [1, dim], values: d.scalars.map { $0 / norm })
            try NumPyArrayFile.write(d, to: dir.appendingPathComponent("\(name).npy"))
        }
        for (name, file) in [("smile", "d32"), ("smile12", "d12")] {
            let r = try CommandRunner.run(["directions", "import", dir.appendingPathComponent("\(file).npy").path,
                                           "--name", name, "--into", dir.appendingPathComponent("plugins").path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func load(_ path: String) throws -> Tensor {
        let sd = try StateDict.load(dir.appendingPathComponent(path))
        return try sd.tensor(sd.tensors[0].key)
    }

    private func run(_ args: [String]) throws -> CommandResult { try CommandRunner.run(args, in: dir) }

    func testEditAddsStrengthTimesDirectionOnTheChosenRowsAndRegenerates() throws {
        XCTAssertEqual(try run(["generate", "--checkpoint", g32, "--seed", "3", "--output", "codes"]).status, 0)
        let r = try run(["edit", "codes/seed0003.npy", "--checkpoint", g32, "--directions", "plugins",
                         "--direction", "SMILE", "--strength", "-2", "--layers", "2-4", "--output", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let w = try load("codes/seed0003.npy"), edited = try load("out/seed0003.smile-2@2-4.npy")
        let d = try load("d32.npy").scalars
        for row in 0..<8 {
            let expected = (2...4).contains(row) ? zip(w.slice(row).scalars, d).map { $0 - 2 * $1 } : w.slice(row).scalars
            XCTAssertEqual(edited.slice(row).scalars, expected, "row \(row)")
        }
        // Regeneration equals a direct generator call on the edited code.
        XCTAssertEqual(try run(["generate", "--checkpoint", g32, "--latent", "out/seed0003.smile-2@2-4.npy", "--output", "direct"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("out/seed0003.smile-2@2-4.png")),
                       try Data(contentsOf: dir.appendingPathComponent("direct/seed0003.smile-2@2-4.png")))
    }

    func testHeadlineCommandWithASweepWritesEveryStrengthAndAGrid() throws {
        try RGBImage(width: 64, height: 64, red: 120, green: 90, blue: 60).write(to: dir.appendingPathComponent("face.png"))
        let r = try run(["face.png", "--checkpoint", psp, "--directions", "plugins", "--direction", "smile12",
                         "--sweep", "-3:3:7", "--output", "out"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let codes = try load("out/face.npy")
        XCTAssertEqual(codes.shape, [10, 12])
        let d = try load("d12.npy").scalars
        for s in [-3, -2, -1, 0, 1, 2, 3] {
            let name = "out/face.smile12\(s < 0 ? "" : "+")\(s)"
            let edited = try load(name + ".npy")
            XCTAssertEqual(edited.slice(9).scalars, zip(codes.slice(9).scalars, d).map { $0 + Float(s) * $1 }, name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name + ".png").path), name)
        }
        let grid = try ImageFile.decode(contentsOf: dir.appendingPathComponent("out/face.smile12.sweep.png"))
        XCTAssertEqual(grid.height, 64 + 14)                                          // panels + a label band (7 × scale 2)
        XCTAssertEqual(grid.width, 9 * 64 + 8 * 2)                                    // input | inversion | 7 strengths
        // The band under the first strength column holds dark label pixels; under the inversion it is blank.
        let labelRows = 66..<76
        func darkPixels(column: Int) -> Int {
            let x0 = column * (64 + 2)
            return labelRows.reduce(0) { n, y in n + (x0..<(x0 + 64)).filter { grid.pixels[3 * (y * grid.width + $0)] < 60 }.count }
        }
        XCTAssertEqual(darkPixels(column: 1), 0)
        XCTAssertGreaterThan(darkPixels(column: 2), 20)
    }

    func testBadEditsFailBeforeAnyWorkAndWriteNothing() throws {
        try RGBImage(width: 64, height: 64, red: 1, green: 2, blue: 3).write(to: dir.appendingPathComponent("face.png"))
        let cases: [([String], String)] = [
            (["--direction", "smiel12", "--strength", "1"], "did you mean"),
            (["--direction", "smile", "--strength", "1"], "dimension 32"),
            (["--direction", "smile12", "--layers", "0-40"], "0-9"),
            (["--direction", "smile12", "--strength", "nan"], "not a finite number"),
            (["--direction", "smile12", "--sweep", "1:2:0"], "at least 1"),
        ]
        for (args, message) in cases {
            let r = try run(["face.png", "--checkpoint", psp, "--directions", "plugins", "--output", "out"] + args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "\(args) wrote output")
        }
    }

    func testDirectionsListShowAndValidate() throws {
        try OfficialFixtures.requireDirectory()
        let official = OfficialFixtures.directory.path
        var r = try run(["directions", "list", "--json", "--directions", official + "/restyle", "--directions", official + "/e4e"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.compactMap { $0["name"] as? String }, ["age", "pose", "smile", "ffhq_pca#0-79"])
        r = try run(["directions", "show", "POSE", "--directions", official + "/restyle"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("shape [18, 512], norm 4.2426"), r.stdout)
        r = try run(["directions", "validate", official + "/restyle", "--styles", "18", "--style-dim", "512"])
        XCTAssertEqual(r.status, 0, r.stdout)
        r = try run(["directions", "validate", official + "/restyle", "--styles", "14", "--style-dim", "512"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("pose.pt"), r.stdout)
    }
}
