import Directions
import Foundation
import JSONCodec
import TestSupport
import XCTest

/// Manifests are strict where strictness is safe (issue 20), and special files in a directions folder never block.
final class ManifestStrictnessTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try DirectionFixtures.temporaryDirectory(self, "strict") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func load(_ manifest: String) throws -> DirectionManifest {
        let url = dir.appendingPathComponent("manifest-\(UUID().uuidString).json")
        try Data(manifest.utf8).write(to: url)
        return try DirectionManifest.load(from: url)
    }

    func testDuplicateKeysAreRefused() {
        assertThrows(try load("{\"name\": \"a\", \"file\": \"a.npy\",\n \"name\": \"b\"}"),
                     containing: ["manifest-", ".json:2:2", "duplicate key \"name\""])
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "provenance": {"n": 1, "n": 2}}"#),
                     containing: ["duplicate key \"provenance.n\""])
    }

    func testRawControlCharactersAndBadNumbersAreRefused() {
        assertThrows(try load("{\"name\": \"a\", \"file\": \"a.npy\", \"description\": \"two\nlines\"}"),
                     containing: [".json:1:", "raw control character U+000A"])
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "default_strength": 1.}"#), containing: ["1. is not a JSON number"])
    }

    func testSpaceModeAndFormatAreMatchedExactly() {
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "space": "W+"}"#),
                     containing: ["key \"space\"", "\"W+\" is not one of \"w\", \"w+\", \"z\""])
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "mode": "Add"}"#), containing: ["key \"mode\"", "\"Add\""])
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "format": "NPY"}"#), containing: ["key \"format\"", "\"NPY\""])
        XCTAssertEqual(try load(#"{"name": "a", "file": "a.npy", "space": "w+", "mode": "add"}"#).space, .wPlus)
    }

    func testDefaultStrengthOutsideTheRangeIsRefused() {
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "default_strength": 6, "strength_range": [-5, 5]}"#),
                     containing: ["key \"default_strength\"", "6.0 is outside strength_range [-5.0, 5.0]"])
        assertThrows(try load(#"{"name": "a", "file": "a.npy", "strength_range": [2, 5]}"#),
                     containing: ["key \"default_strength\"", "1.0", "outside strength_range [2.0, 5.0]"])
    }

    func testFIFOsInADirectionsFolderAreReportedNotBlocking() throws {
        XCTAssertEqual(mkfifo(dir.appendingPathComponent("pipe.npy").path, 0o600), 0)
        // A plugin whose vector file is a FIFO, and one whose manifest is.
        let plugin = try DirectionFixtures.writePlugin(dir, folder: "vec", manifest: #"{"name": "vec", "file": "v.npy"}"#)
        XCTAssertEqual(mkfifo(plugin.appendingPathComponent("v.npy").path, 0o600), 0)
        let fifoManifest = dir.appendingPathComponent("man", isDirectory: true)
        try FileManager.default.createDirectory(at: fifoManifest, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(fifoManifest.appendingPathComponent("manifest.json").path, 0o600), 0)
        try DirectionFixtures.writeNPY(dir.appendingPathComponent("good.npy"), shape: [1, 8])

        let library = DirectionLibrary(directories: [dir])
        XCTAssertEqual(library.names, ["good"])
        let problems = library.problems.map(\.description).joined(separator: "\n")
        for name in ["pipe.npy", "vec", "man"] {
            XCTAssertTrue(library.problems.contains { $0.path.hasSuffix(name) && "\($0)".contains("FIFO (named pipe)") }, "\(name): \(problems)")
        }
    }
}
