import JSONCodec
import XCTest

final class JSONObjectReaderTests: XCTestCase {
    private let manifest = """
    { "name": "smile", "layers": "0-17", "default_strength": 1, "strength_range": [-5, "5"],
      "provenance": {"samples": 20000, "accuracy": 0.97, "created": null, "seed": 2.5},
      "mode": "add", "colour": "red" }
    """

    private func reader() throws -> JSONObjectReader {
        try JSONObjectReader(try JSONValue.parse(manifest, source: "manifest.json"), source: "manifest.json")
    }

    func testRequiredAndOptionalValues() throws {
        let r = try reader()
        XCTAssertEqual(try r.require("name", as: String.self), "smile")
        XCTAssertEqual(try r.require("default_strength", as: Double.self), 1.0)
        XCTAssertEqual(try r.require("default_strength", as: Int.self), 1)
        XCTAssertEqual(try r.require("default_strength", as: Float.self), 1.0)
        XCTAssertNil(try r.optional("description", as: String.self))
        let provenance = try r.requireObject("provenance")
        XCTAssertEqual(try provenance.require("samples", as: Int64.self), 20000)
        XCTAssertEqual(try provenance.require("accuracy", as: Double.self), 0.97)
        XCTAssertNil(try provenance.optional("created", as: String.self))
        XCTAssertNil(try r.optionalObject("missing"))
        XCTAssertEqual(try JSONValue.parse(manifest, source: "m").require("layers", as: String.self, at: "manifest.json"), "0-17")
        XCTAssertEqual(try r.require("strength_range", as: [JSONValue].self), [-5, "5"])
    }

    func testTypeMismatchNamesKeyPath() throws {
        let r = try reader()
        XCTAssertThrowsError(try r.require("name", as: Int.self)) { error in
            XCTAssertEqual("\(error)", "manifest.json: key \"name\": expected integer, found string \"smile\"")
        }
        XCTAssertThrowsError(try r.requireObject("provenance").require("seed", as: Int.self)) { error in
            XCTAssertEqual(error as? JSONError, .typeMismatch(source: "manifest.json", keyPath: "provenance.seed",
                                                              expected: "integer", found: "number 2.5"))
        }
        XCTAssertThrowsError(try r.require("strength_range", as: [Double].self)) { error in
            XCTAssertEqual("\(error)", "manifest.json: key \"strength_range[1]\": expected number, found string \"5\"")
        }
        XCTAssertThrowsError(try r.require("layers", as: [String].self)) { error in
            XCTAssertEqual("\(error)", "manifest.json: key \"layers\": expected array of strings, found string \"0-17\"")
        }
        XCTAssertThrowsError(try r.requireObject("provenance").require("created", as: String.self)) { error in
            XCTAssertEqual("\(error)", "manifest.json: key \"provenance.created\": expected string, found null")
        }
        XCTAssertThrowsError(try JSONObjectReader(.array([]), source: "study.json")) { error in
            XCTAssertEqual("\(error)", "study.json: top level: expected object, found array of 0 elements")
        }
    }

    func testMissingKeyNamesKeyPath() throws {
        XCTAssertThrowsError(try reader().requireObject("provenance").require("method", as: String.self)) { error in
            XCTAssertEqual("\(error)", "manifest.json: missing required key \"provenance.method\"")
        }
    }

    func testRejectUnknownKeysListsUnknownAndAllowed() throws {
        let r = try reader()
        let allowed = ["name", "layers", "default_strength", "strength_range", "provenance", "mode"]
        XCTAssertThrowsError(try r.rejectUnknownKeys(allowed: allowed)) { error in
            XCTAssertEqual(error as? JSONError, .unknownKeys(source: "manifest.json", keyPath: "", unknown: ["colour"], allowed: allowed))
            XCTAssertEqual("\(error)", "manifest.json: unknown key \"colour\"; allowed: name, layers, default_strength, strength_range, provenance, mode")
        }
        XCTAssertNoThrow(try r.rejectUnknownKeys(allowed: allowed + ["colour"]))
        XCTAssertThrowsError(try r.requireObject("provenance").rejectUnknownKeys(allowed: ["samples"])) { error in
            XCTAssertEqual("\(error)", "manifest.json: unknown keys \"accuracy\", \"created\", \"seed\" in \"provenance\"; allowed: samples")
        }
    }

    func testArraysOfObjectsCarryIndexedPaths() throws {
        let study = try JSONValue.parse(#"{"runs": [{"image": "a.png"}, {"image": 3}], "odd key": {"x": true}}"#, source: "study.json")
        let runs = try study.require("runs", as: [JSONObjectReader].self, at: "study.json")
        XCTAssertEqual(try runs[0].require("image", as: String.self), "a.png")
        XCTAssertThrowsError(try runs[1].require("image", as: String.self)) { error in
            XCTAssertEqual("\(error)", "study.json: key \"runs[1].image\": expected string, found integer 3")
        }
        let odd = try JSONObjectReader(study, source: "study.json").requireObject("odd key")
        XCTAssertThrowsError(try odd.require("x", as: Double.self)) { error in
            XCTAssertEqual("\(error)", #"study.json: key "["odd key"].x": expected number, found boolean true"#)
        }
    }

    func testRangeChecksThroughInvalidValue() throws {
        let r = try reader()
        let strength = try r.require("default_strength", as: Double.self)
        XCTAssertEqual(strength, 1)
        let error = r.context(for: "default_strength").invalidValue("must be within [-5, 5]")
        XCTAssertEqual("\(error)", "manifest.json: key \"default_strength\": must be within [-5, 5]")
        XCTAssertThrowsError(try JSONValue.double(1e300).decode(as: Float.self, at: "x.json")) { error in
            XCTAssertEqual("\(error)", "x.json: top level: expected number within Float range, found number 1e+300")
        }
    }
}
