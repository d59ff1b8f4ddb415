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
}
