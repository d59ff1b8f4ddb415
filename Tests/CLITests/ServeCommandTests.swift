import Foundation
import TestSupport
import XCTest

/// `restyle-edit serve`'s start-up checks, as a user runs the command.
final class ServeCommandTests: XCTestCase {
    /// Binding beyond loopback warns that the editor has no authentication (before anything else, so even a start
    /// that then fails shows it); loopback does not.
    func testNonLoopbackHostWarnsAboutAuthentication() throws {
        let open = try CommandRunner.run(["serve", "--host", "0.0.0.0", "--port", "0", "--checkpoint", "/nonexistent/model.pt"])
        XCTAssertEqual(open.status, 1)
        XCTAssertTrue(open.stderr.contains("warning: the editor has no authentication"), open.stderr)
        XCTAssertTrue(open.stderr.contains("/nonexistent/model.pt: no such file"), open.stderr)
        let loopback = try CommandRunner.run(["serve", "--port", "0", "--checkpoint", "/nonexistent/model.pt"])
        XCTAssertEqual(loopback.status, 1)
        XCTAssertFalse(loopback.stderr.contains("authentication"), loopback.stderr)
    }

    /// `--precision` takes fp32 or bf16; anything else lists them.
    func testUnknownPrecisionListsTheValidOnes() throws {
        let r = try CommandRunner.run(["serve", "--precision", "fp16"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("'fp32'") && r.stderr.contains("'bf16'"), r.stderr)
    }

    /// Ctrl-C (SIGINT) stops a running server cleanly: exit status 0 within seconds.
    func testInterruptStopsTheServerCleanly() throws {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("restyle-edit")
        process.arguments = ["serve", "--port", "0", "--checkpoint", TestPaths.fixtures.appendingPathComponent("toy-model/restyle_e4e.pt").path]
        process.environment = ProcessInfo.processInfo.environment.merging(["RESTYLE_MODEL_DIR": CommandRunner.noShippedModel.path]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("editor at http://127.0.0.1:") && Date() < deadline && process.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.05) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        XCTAssertTrue(text.contains("editor at http://127.0.0.1:"), text)
        kill(process.processIdentifier, SIGINT)
        let stopBy = Date().addingTimeInterval(15)
        while process.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); XCTFail("the server did not stop within 15 s of SIGINT"); return }
        XCTAssertEqual(process.terminationStatus, 0, text)
    }
}
