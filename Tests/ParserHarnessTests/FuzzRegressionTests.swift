import Foundation
import ParserHarness
import TestSupport
import XCTest

/// Replays every fuzz regression input (`Tests/Fixtures/fuzz/<target>/`) through the reader it was found in, by
/// the normal API (`ParserHarness`). Each must end in one typed error (whose text contains the sibling
/// `<input>.expect` when there is one) or, with an `<input>.ok` sibling, be read. A crash, a trap or a hang here
/// fails the run.
final class FuzzRegressionTests: XCTestCase {
    static let root = TestPaths.fixtures.appendingPathComponent("fuzz")

    func testEveryRegressionInputEndsCleanly() throws {
        var replayed = 0
        for target in ParserHarness.Target.allCases {
            let dir = Self.root.appendingPathComponent(target.rawValue)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for name in names.sorted() where !name.hasSuffix(".expect") && !name.hasSuffix(".ok") && !name.hasPrefix(".") {
                let input = dir.appendingPathComponent(name)
                let started = Date()
                let outcome = ParserHarness.run(target, bytes: try Data(contentsOf: input))
                let seconds = Date().timeIntervalSince(started)
                XCTAssertLessThan(seconds, 10, "\(target.rawValue)/\(name) took \(seconds) s")
                if FileManager.default.fileExists(atPath: input.path + ".ok") {
                    XCTAssertNil(outcome, "\(target.rawValue)/\(name) should be read")
                } else {
                    let error = try XCTUnwrap(outcome, "\(target.rawValue)/\(name) was accepted; expected an error")
                    XCTAssertFalse(error.isEmpty, "\(target.rawValue)/\(name): empty error text")
                    if let expect = try? String(contentsOf: URL(fileURLWithPath: input.path + ".expect"), encoding: .utf8) {
                        let needle = expect.trimmingCharacters(in: .whitespacesAndNewlines)
                        XCTAssertTrue(error.contains(needle), "\(target.rawValue)/\(name): '\(error)' lacks '\(needle)'")
                    }
                }
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0, "no regression inputs under \(Self.root.path)")
    }

    /// Well-formed fixtures of each format are read (the harness itself works).
    func testFixturesOfEachFormatAreRead() throws {
        let root = TestPaths.repositoryRoot
        let cases: [(ParserHarness.Target, String)] = [
            (.npy, "Tests/Fixtures/arrays/f4_c.npy"), (.npz, "Tests/Fixtures/arrays/compressed.npz"),
            (.torchZip, "Tests/Fixtures/checkpoints/dtypes.pt"), (.torchLegacy, "Tests/Fixtures/checkpoints/dtypes_legacy.pt"),
            (.unpickler, "Tests/Fixtures/checkpoints/plain_p2.pkl"), (.png, "Tests/Fixtures/images/rgb8.png"),
            (.jpeg, "Tests/Fixtures/images/baseline.jpg"), (.json, "examples/studies/fixture-smoke.json"),
        ]
        for (target, path) in cases {
            let data = try Data(contentsOf: root.appendingPathComponent(path))
            XCTAssertNil(ParserHarness.run(target, bytes: data), "\(path) through \(target.rawValue)")
        }
    }
}
