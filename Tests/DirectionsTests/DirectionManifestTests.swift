import Directions
import Foundation
import JSONCodec
import TestSupport
import XCTest

final class DirectionManifestTests: XCTestCase {
    private let full = """
    { "name": "smile", "description": "Smile (InterFaceGAN)", "model": "ffhq-1024",
      "space": "w", "file": "direction.npy", "format": "npy",
      "layers": "0-3,8", "default_strength": 1.5, "strength_range": [-5, 5],
      "mode": "add", "method": "interfacegan",
      "provenance": {"samples": 20000, "accuracy": 0.97, "created": "2024-01-01"} }
    """

    func testParsesEveryField() throws {
        let m = try DirectionManifest(json: JSONValue.parse(full, source: "m.json"), source: "m.json")
        XCTAssertEqual(m.name, "smile")
        XCTAssertEqual(m.description, "Smile (InterFaceGAN)")
        XCTAssertEqual(m.model, "ffhq-1024")
        XCTAssertEqual(m.space, .w)
        XCTAssertEqual(m.file, "direction.npy")
        XCTAssertEqual(m.format, .npy)
        XCTAssertEqual(m.layers?.explicitRows, [0, 1, 2, 3, 8])
        XCTAssertEqual(m.defaultStrength, 1.5)
        XCTAssertEqual(m.strengthRange, -5...5)
        XCTAssertEqual(m.mode, .add)
        XCTAssertEqual(m.method, "interfacegan")
        XCTAssertEqual(m.provenance?["samples"], .int(20000))
        XCTAssertEqual(m.provenance?["accuracy"]?.doubleValue, 0.97)
        XCTAssertNil(m.component)
    }

    func testWriteThenLoadRoundTrips() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self)
        let m = try DirectionManifest(json: JSONValue.parse(full, source: "m.json"), source: "m.json")
        let url = dir.appendingPathComponent("manifest.json")
        try m.write(to: url)
        XCTAssertEqual(try DirectionManifest.load(from: url), m)
        let minimal = DirectionManifest(name: "pca3", file: "pca.pt", format: .ganspace, component: 3, mode: .set)
        try minimal.write(to: url)
        let back = try DirectionManifest.load(from: url)
        XCTAssertEqual(back, minimal)
        XCTAssertEqual(back.json.objectValue?.keys, ["name", "file", "format", "component", "mode"])
    }

    private func parse(_ text: String) throws -> DirectionManifest {
        try DirectionManifest(json: JSONValue.parse(text, source: "plugins/x/manifest.json"), source: "plugins/x/manifest.json")
    }

    func testErrorsNameTheFileAndTheKey() {
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "strenght": 2}"#),
                     containing: ["plugins/x/manifest.json", "unknown key \"strenght\"", "default_strength"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "layers": 5}"#),
                     containing: ["plugins/x/manifest.json", "key \"layers\"", "expected string", "integer 5"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "default_strength": "big"}"#),
                     containing: ["key \"default_strength\"", "expected number"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "strength_range": [1, "x"]}"#),
                     containing: ["key \"strength_range[1]\""])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "strength_range": [3, -3]}"#),
                     containing: ["key \"strength_range\"", "low < high"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "strength_range": [-1, 1], "default_strength": 2}"#),
                     containing: ["key \"default_strength\"", "outside strength_range"])
        assertThrows(try parse(#"{"name": "a"}"#), containing: ["plugins/x/manifest.json", "missing required key \"file\""])
        assertThrows(try parse(#"{"file": "a.npy"}"#), containing: ["missing required key \"name\""])
        assertThrows(try parse(#"{"name": "a b", "file": "a.npy"}"#), containing: ["key \"name\"", "' ' is not allowed"])
        assertThrows(try parse(#"{"name": "a", "file": "../a.npy"}"#), containing: ["key \"file\"", "relative"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "space": "s"}"#),
                     containing: ["key \"space\"", "\"s\" is not one of \"w\", \"w+\", \"z\""])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "mode": "set"}"#),
                     containing: ["key \"mode\"", "needs \"format\": \"ganspace\""])
        assertThrows(try parse(#"{"name": "a", "file": "a.pt", "format": "ganspace"}"#),
                     containing: ["missing required key \"component\""])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "component": 2}"#),
                     containing: ["key \"component\"", "only allowed with"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "layers": "0-x"}"#),
                     containing: ["key \"layers\"", "part \"0-x\""])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy", "provenance": [1]}"#),
                     containing: ["key \"provenance\"", "expected object"])
        assertThrows(try parse(#"{"name": "a", "file": "a.npy",}"#), containing: ["plugins/x/manifest.json:"])
    }

    func testPluginLoadingChecksTheVectorFileAgainstTheManifest() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self)
        let missing = try DirectionFixtures.writePlugin(dir, folder: "missing", manifest: #"{"name": "missing", "file": "gone.npy"}"#)
        assertThrows(try Direction.loadPlugin(at: missing),
                     containing: [missing.appendingPathComponent("manifest.json").path, "key \"file\"", "no such file", "gone.npy"])

        let wrongFormat = try DirectionFixtures.writePlugin(dir, folder: "fmt", manifest: #"{"name": "fmt", "file": "d.npy", "format": "pt"}"#,
                                                             vectorFile: "d.npy")
        assertThrows(try Direction.loadPlugin(at: wrongFormat), containing: ["key \"format\"", "NumPy array"])

        let perRowW = try DirectionFixtures.writePlugin(dir, folder: "rows", manifest: #"{"name": "rows", "file": "d.npy", "space": "w"}"#,
                                                         vectorFile: "d.npy", shape: [18, 512])
        assertThrows(try Direction.loadPlugin(at: perRowW), containing: ["key \"space\"", "18 rows"])

        let layersTooWide = try DirectionFixtures.writePlugin(dir, folder: "wide", manifest: #"{"name": "wide", "file": "d.npy", "layers": "0-20"}"#,
                                                              vectorFile: "d.npy", shape: [18, 512])
        assertThrows(try Direction.loadPlugin(at: layersTooWide), containing: ["key \"layers\"", "0-17"])

        let good = try DirectionFixtures.writePlugin(
            dir, folder: "good", manifest: #"{"name": "Good", "file": "d.npy", "layers": "4-5", "default_strength": 2, "description": "x"}"#,
            vectorFile: "d.npy", shape: [512], seed: 5)
        let direction = try Direction.loadPlugin(at: good)
        XCTAssertEqual(direction.name, "Good")
        XCTAssertEqual(direction.vector.shape, [1, 512])
        XCTAssertEqual(direction.defaultLayers.explicitRows, [4, 5])
        XCTAssertEqual(direction.defaultStrength, 2)
        XCTAssertEqual(direction.space, .w)
        XCTAssertEqual(direction.format, .npy)
        XCTAssertEqual(direction.mode, .add)
        XCTAssertEqual(direction.description, "x")
        XCTAssertEqual(direction.location.standardizedFileURL, good.standardizedFileURL)
        var rng = SeededGenerator(seed: 5)
        XCTAssertEqual(direction.vector.scalars, rng.normalTensor([512]).scalars)
    }
}

