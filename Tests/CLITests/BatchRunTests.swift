import Checkpoints
import Foundation
import ImageCodecs
import TensorCore
import TestSupport
import XCTest

/// Issue 19: output folders, inputs, indexes, numbers, landmarks, messages and exit codes, run as a user would.
final class BatchRunTests: XCTestCase {
    let g32 = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path
    let psp = TestPaths.fixtures.appendingPathComponent("inversion/resnet_psp.pt").path
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        for (name, shade) in [("a.png", 60), ("b.png", 140)] as [(String, UInt8)] {
            try RGBImage(width: 64, height: 64, red: shade, green: 90, blue: 60).write(to: dir.appendingPathComponent("in/\(name)"))
        }
        try Data("file,smile\na.png,0.5\n".utf8).write(to: dir.appendingPathComponent("in/labels.csv"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String]) throws -> CommandResult { try CommandRunner.run(args, in: dir) }
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path) }
    private func invert(_ inputs: [String], _ extra: [String] = []) throws -> CommandResult {
        try run(["invert"] + inputs + ["--checkpoint", psp, "--iterations", "2", "-o", "out"] + extra)
    }

    /// Items 5, 7, 14, 17: folders take images only; the index is the official latents.npy, merged across runs;
    /// earlier results are not replaced without --overwrite; a one-line summary ends the run.
    func testFolderInputsIndexMergeAndOverwrite() throws {
        var r = try invert(["in"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("in: ignored 1 file that is not .png/.jpg/.jpeg"), r.stderr)
        XCTAssertTrue(r.stderr.contains("inverted 2 of 2 images into") && r.stderr.contains(" s"), r.stderr)
        try RGBImage(width: 64, height: 64, red: 10, green: 200, blue: 90).write(to: dir.appendingPathComponent("c.png"))
        r = try invert(["c.png"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let names = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/latents.json"))) as? [String])
        XCTAssertEqual(names, ["a.png", "b.png", "c.png"])
        let plain = try StateDict.load(dir.appendingPathComponent("out/latents_wplus.npy"))
        XCTAssertEqual(try plain.tensor(plain.tensors[0].key).shape, [3, 10, 12])
        // latents.npy: the official dict, read back by this tool (edit) …
        let single = try StateDict.load(dir.appendingPathComponent("out/c.npy"))
        let c = try single.tensor(single.tensors[0].key)
        guard case let .dict(items) = try StateDict.load(dir.appendingPathComponent("out/latents.npy")).root else {
            return XCTFail("latents.npy is not a dict")
        }
        XCTAssertEqual(items.compactMap { $0.key.asString }, ["a.png", "b.png", "c.png"])
        let steps = try XCTUnwrap(items[2].value.asList)
        XCTAssertEqual(steps.count, 2)
        XCTAssertEqual(try XCTUnwrap(steps.last?.asTensor).floatTensor(key: "c").scalars, c.scalars)
        // … and by NumPy as the official scripts read it, where Python and NumPy are installed.
        if let py = try? pythonNumPy("d = np.load('out/latents.npy', allow_pickle=True).item(); "
                                     + "print(sorted(d), len(d['c.png']), d['c.png'][-1].shape, d['c.png'][-1].dtype)") {
            XCTAssertEqual(py, "['a.png', 'b.png', 'c.png'] 2 (10, 12) float32")
        }
        r = try invert(["c.png"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("out/c.npy exists from an earlier run") && r.stderr.contains("--overwrite"), r.stderr)
        XCTAssertEqual(try invert(["c.png"], ["--overwrite"]).status, 0)
        // Same stem, two extensions: each keeps its extension.
        try ImageFile.decode(contentsOf: dir.appendingPathComponent("c.png")).write(to: dir.appendingPathComponent("in/a.jpg"))
        r = try run(["invert", "in/a.png", "in/a.jpg", "--checkpoint", psp, "--iterations", "1", "-o", "stems"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(exists("stems/a_png.npy") && exists("stems/a_jpg.npy"), r.stderr)
    }

    /// Item 4: an unusable --output is refused before any work, in one sentence.
    func testUnwritableOutputIsFoundFirst() throws {
        try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
        for (out, message) in [("file", "cannot write to --output file: it is a file, not a directory"),
                               ("file/sub", "cannot create --output file/sub: ")] {
            let r = try run(["invert", "in", "--checkpoint", psp, "-o", out])
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain"), r.stderr)
            XCTAssertFalse(r.stderr.contains("[1/"), "work started: \(r.stderr)")
        }
    }

    /// Item 8: negative values are values; out-of-range ones are named.
    func testNegativeNumbers() throws {
        for (args, message) in [(["generate", "--checkpoint", g32, "--count", "-1"], "--count must be at least 1 (got -1)"),
                                (["invert", "in", "--checkpoint", psp, "--iterations", "-2"], "--iterations must be at least 1 (got -2)"),
                                (["invert", "in", "--checkpoint", psp, "--tolerance", "-1"], "--tolerance must be a number ≥ 0"),
                                (["study", "run", "s.json", "--limit", "-1"], "--limit must be at least 1 (got -1)")] {
            let r = try run(args)
            XCTAssertEqual(r.status, args[0] == "study" ? 1 : 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message) || (args[0] == "study" && r.stderr.contains("s.json")), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Missing value"), r.stderr)
        }
        let r = try run(["generate", "--checkpoint", g32, "--seed", "-5", "--truncation", "-1", "-o", "neg"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(exists("neg/seed-005.png"), r.stderr)
        XCTAssertTrue(r.stderr.contains("wrote 1 images into"), r.stderr)
    }

    /// Item 11: landmarks are read once, fit the inputs and lie inside the image.
    func testLandmarks() throws {
        let five = "[[20, 24], [44, 24], [32, 34], [24, 46], [40, 46]]"
        try Data(five.utf8).write(to: dir.appendingPathComponent("one.json"))
        var r = try invert(["in"], ["--landmarks", "one.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("holds one face's points, but 2 images are given"), r.stderr)
        try Data("{\"a.png\": [[200, 240], [440, 240], [320, 340], [240, 460], [400, 460]], \"b.png\": \(five)}".utf8)
            .write(to: dir.appendingPathComponent("far.json"))
        r = try invert(["in"], ["--landmarks", "far.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("landmark 0 (200.0, 240.0) lies outside a.png (64×64)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("inverted 1 of 2"), r.stderr)
        try Data("[[1, 2]]".utf8).write(to: dir.appendingPathComponent("bad.json"))
        r = try run(["invert", "in", "--checkpoint", psp, "-o", "bad", "--landmarks", "bad.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr.components(separatedBy: "expected 5 or 68 landmarks").count, 2, r.stderr)   // once
    }

    /// Items 13 and 15: typos get suggestions; one error format; exit codes 64 and 1; --version.
    func testMessagesAndExitCodes() throws {
        var r = try run(["direction", "list"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("restyle-edit: error: 'direction' is neither a command nor an existing file: did you mean 'directions'?"), r.stderr)
        r = try run(["in/a.png", "--directon", "smile"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("unknown option '--directon': did you mean '--direction'?"), r.stderr)
        r = try run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("restyle-edit "), r.stdout)
        r = try run(["invert", "missing.png", "--checkpoint", psp, "-o", "m"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("restyle-edit: error:") || r.stderr.contains("missing.png"), r.stderr)
        r = try run(["generate", "--checkpoint", g32, "--batch", "0"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.hasPrefix("restyle-edit: error: --batch must be at least 1"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Usage: restyle-edit generate"), r.stderr)
    }

    /// Items 12 and 14: more conflicts are named; generate does not replace earlier results silently either.
    func testMoreConflictsAndOverwrites() throws {
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [40, 32], seed: 1), to: dir.appendingPathComponent("w.npy"))
        try NumPyArrayFile.write(Tensor.randomNormal(shape: [40], seed: 2), to: dir.appendingPathComponent("scores.npy"))
        var r = try run(["directions", "train-boundary", "--latents", "w.npy", "--scores", "scores.npy", "--name", "b",
                         "--ratio", "0.3", "--per-row", "-o", "plugins"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--per-row needs W+ codes"), r.stderr)
        XCTAssertEqual(try run(["generate", "--checkpoint", g32, "-o", "g"]).status, 0)
        r = try run(["generate", "--checkpoint", g32, "-o", "g"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("g/seed0000.npy exists from an earlier run"), r.stderr)
        XCTAssertEqual(try run(["generate", "--checkpoint", g32, "-o", "g", "--overwrite"]).status, 0)
        // study run --attributes with metrics that use no attributes: a warning.
        try """
        { "name": "w", "images": "in", "inverters": [{ "name": "pSp", "checkpoint": "\(psp)", "steps": [1] }],
          "metrics": ["mse"], "w_samples": 50, "output": "study" }
        """.write(to: dir.appendingPathComponent("s.json"), atomically: true, encoding: .utf8)
        let attributes = TestPaths.fixtures.appendingPathComponent("toy-model/attributes.pt").path
        r = try run(["study", "run", "s.json", "--attributes", attributes])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: --attributes is given, but none of the study's metrics (mse) uses the attribute network"), r.stderr)
    }

    /// Runs python3 with NumPy in `dir`: its output, or its error text; nil (skip the check) only where python3 or
    /// NumPy is not installed.
    private func pythonNumPy(_ code: String) throws -> String? {
        guard let probe = try runPython("import numpy"), probe.status == 0 else { return nil }
        let r = try runPython("import numpy as np; " + code)
        return r.map { $0.status == 0 ? $0.output : "python failed: " + $0.error }
    }

    private func runPython(_ code: String) throws -> (status: Int32, output: String, error: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", code]
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                String(decoding: errData, as: UTF8.self))
    }
}
