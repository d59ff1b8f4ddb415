import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// The black-box campaign's findings (issue 20), run as a user would: each ends in one clear error naming the
/// file, and never in an abort, a hang or a wrong number. Every run has a timeout, so a hang fails the test.
final class HostileInputCommandTests: XCTestCase {
    var dir: URL!
    let timeout: TimeInterval = 120

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("dirs"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String], environment: [String: String]? = nil) throws -> CommandResult {
        try CommandRunner.run(args, in: dir, environment: environment, timeout: timeout)
    }

    private func fifo(_ path: String) -> String {
        let url = dir.appendingPathComponent(path)
        XCTAssertEqual(mkfifo(url.path, 0o600), 0)
        return url.path
    }

    /// `direction_1x32.pt` (torch.save of linspace(-1, 1, 32)) with the local header of its storage `data/0`
    /// changed by `patch` (given the header's offset).
    private func writeDirection(_ patch: (inout [UInt8], Int) -> Void) throws -> URL {
        var bytes = [UInt8](try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("arrays/direction_1x32.pt")))
        let name = Array("direction_1x32/data/0".utf8)
        var header = 0
        for i in 0..<(bytes.count - 30 - name.count) where bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3
            && bytes[i + 3] == 4 && Array(bytes[(i + 30)..<(i + 30 + name.count)]) == name { header = i; break }
        XCTAssertGreaterThan(header, 0, "no local header for data/0")
        patch(&bytes, header)
        let url = dir.appendingPathComponent("dirs/direction_1x32.pt")
        try Data(bytes).write(to: url)
        return url
    }

    /// The campaign's silently wrong tensor: a local extra length 16 bytes longer moved the data and `show`
    /// printed a norm of 2.45e10 with exit 0.
    func testZipDataShiftedByTheLocalHeaderIsAnErrorNotAWrongNorm() throws {
        _ = try writeDirection { _, _ in }
        let good = try run(["directions", "show", "direction_1x32", "--directions", "dirs"])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.contains("norm 3.369694"), good.stdout)

        // The extra length alone (its record no longer fills it), then with the record's own length too.
        for patchRecord in [false, true] {
            let url = try writeDirection { bytes, h in
                bytes[h + 28] += 16
                if patchRecord { bytes[h + 30 + "direction_1x32/data/0".utf8.count + 2] += 16 }
            }
            let r = try run(["directions", "show", "direction_1x32", "--directions", "dirs"])
            XCTAssertNotEqual(r.status, 0, r.stdout)
            XCTAssertFalse(r.stdout.contains("norm"), r.stdout)
            XCTAssertTrue(r.stderr.contains(url.path) && r.stderr.contains("direction_1x32/data/0"), r.stderr)
            XCTAssertTrue(r.stderr.contains(patchRecord ? "CRC-32 mismatch" : "extra field"), r.stderr)
        }
    }

    func testFIFOsAndDevicesNeverBlock() throws {
        try NumPyArrayFile.write(Tensor(shape: [1, 12], values: (0..<12).map(Float.init)), to: dir.appendingPathComponent("dirs/good.npy"))
        _ = fifo("dirs/pipe.npy")
        let list = try run(["directions", "list", "--directions", "dirs"])
        XCTAssertTrue(list.stdout.contains("good"), list.stdout + list.stderr)
        XCTAssertTrue((list.stdout + list.stderr).contains("pipe.npy") && (list.stdout + list.stderr).contains("is a FIFO (named pipe), not a regular file"),
                      list.stdout + list.stderr)
        let validate = try run(["directions", "validate", "dirs", "--styles", "4", "--style-dim", "12"])
        XCTAssertEqual(validate.status, 1, validate.stdout + validate.stderr)
        XCTAssertTrue((validate.stdout + validate.stderr).contains("FIFO"), validate.stdout + validate.stderr)

        let pipe = fifo("model.pt")
        let inspect = try run(["inspect", pipe])
        XCTAssertEqual(inspect.status, 1, inspect.stderr)
        XCTAssertTrue(inspect.stderr.contains("\(pipe): cannot read: is a FIFO (named pipe), not a regular file"), inspect.stderr)
        let zero = try run(["inspect", "/dev/zero"])
        XCTAssertEqual(zero.status, 1, zero.stderr)
        XCTAssertTrue(zero.stderr.contains("/dev/zero: cannot read: is a character device, not a regular file"), zero.stderr)

        let face = TestPaths.repositoryRoot.appendingPathComponent("examples/faces/face0.png").path
        let invert = try run(["invert", face, "--checkpoint", pipe, "--output", "out"])
        XCTAssertNotEqual(invert.status, 0, invert.stderr)
        XCTAssertTrue(invert.stderr.contains("is a FIFO (named pipe)"), invert.stderr)
    }

    func testInflateLimitComesFromTheEnvironment() throws {
        let npy = dir.appendingPathComponent("m.npy")
        try NumPyArrayFile.write(Tensor(shape: [40_000], values: [Float](repeating: 1, count: 40_000)), to: npy)
        let member = [UInt8](try Data(contentsOf: npy))
        try TestZipWriter([.init("big.npy", member, deflated: true)]).write(to: dir.appendingPathComponent("big.npz"))
        let ok = try run(["inspect", "big.npz"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let refused = try run(["inspect", "big.npz"], environment: [ArchiveLimits.inflatedBytesVariable: "100000"])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("big.npz") && refused.stderr.contains("'big.npy' inflates to \(member.count) bytes")
                      && refused.stderr.contains("limit of 100000 bytes (set RESTYLE_MAX_INFLATED_BYTES"), refused.stderr)
    }
}
