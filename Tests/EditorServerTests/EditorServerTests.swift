import EditorServer
import Foundation
import ImageCodecs
import JSONCodec
import TestSupport
import XCTest

/// `restyle-edit serve`'s API over HTTP on a loopback port, against the CLI's own output.
final class EditorServerTests: XCTestCase {
    func testInversionStreamsEveryStepAndAnEditEqualsTheCLIsImage() async throws {
        let plugins = try EditorFixture.plugins()
        let client = try await LiveEditor(engine: EditorEngine(configuration: EditorFixture.configuration(plugins: plugins)))
        defer { client.stop() }
        let model = try await client.request("/api/model")
        let description = try JSONValue.parse(String(decoding: model.body, as: UTF8.self), source: "model")
        XCTAssertEqual(description["directions"]?[0]?["name"]?.stringValue, "smile")
        XCTAssertEqual(description["examples"]?.arrayValue?.compactMap(\.stringValue).contains("face.png"), true)
        let page = try await client.request("/")
        XCTAssertTrue(page.type.hasPrefix("text/html"))
        XCTAssertTrue(String(decoding: page.body, as: UTF8.self).contains("id=\"sliders\""))

        let form = EditorFixture.multipart(fields: ["example": EditorFixture.example, "steps": "5"])
        let response = try await client.request("/api/invert", method: "POST", body: form.body, type: form.type)
        XCTAssertEqual(response.type, "text/event-stream")
        let events = try EditorFixture.events(String(decoding: response.body, as: UTF8.self))
        XCTAssertEqual(events.map(\.0), ["step", "step", "step", "step", "step", "done"])
        XCTAssertEqual(events.compactMap { $0.1["step"]?.int64Value }, [1, 2, 3, 4, 5])
        XCTAssertNotNil(EditorFixture.png(dataURL: events[4].1["image"]?.stringValue ?? ""))
        let id = try XCTUnwrap(events[5].1["id"]?.stringValue)
        XCTAssertEqual(id, "c1")
        // The last streamed step is the inversion itself.
        XCTAssertEqual(events[4].1["image"]?.stringValue, events[5].1["image"]?.stringValue)

        let edit = Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": 2}, {"direction": "smile", "strength": 0}]}"#.utf8)
        let png = try await client.request("/api/edit", method: "POST", body: edit, type: "application/json")
        XCTAssertEqual(png.status, 200)
        XCTAssertEqual(png.type, "image/png")
        let npyBody = Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": 2}], "format": "npy"}"#.utf8)
        let npy = try await client.request("/api/edit", method: "POST", body: npyBody)
        let c = try await client.request("/api/command", method: "POST", body: edit)
        let command = try JSONValue.parse(String(decoding: c.body, as: UTF8.self), source: "command")["command"]?.stringValue ?? ""

        // The same edit from the command line the page gives.
        XCTAssertTrue(command.hasPrefix("restyle-edit "), command)
        XCTAssertTrue(command.hasSuffix("toy-model/face.png --checkpoint \(EditorFixture.checkpoint.path) --directions \(plugins.path) --direction smile --strength 2"), command)
        let out = plugins.deletingLastPathComponent().appendingPathComponent("cli")
        let r = try CommandRunner.run([EditorFixture.examples.appendingPathComponent("face.png").path, "--checkpoint", EditorFixture.checkpoint.path,
                                       "--directions", plugins.path, "--direction", "smile", "--strength", "2", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(png.body.isEmpty)
        XCTAssertEqual(png.body, try Data(contentsOf: out.appendingPathComponent("face.smile+2.png")),
                       "the server's PNG for the edit is the CLI's, byte for byte")
        XCTAssertEqual(npy.body, try Data(contentsOf: out.appendingPathComponent("face.smile+2.npy")))
        XCTAssertNotEqual(png.body, try Data(contentsOf: out.appendingPathComponent("face.png")), "the edit changed the image")
    }

    func testBadRequestsGetOneSentenceAndAStatus() async throws {
        let plugins = try EditorFixture.plugins()
        let client = try await LiveEditor(engine: EditorEngine(configuration: EditorFixture.configuration(plugins: plugins)))
        defer { client.stop() }
        func error(_ path: String, _ body: Data, type: String = "application/json") async throws -> (Int, String) {
            let r = try await client.request(path, method: "POST", body: body, type: type)
            return (r.status, try JSONValue.parse(String(decoding: r.body, as: UTF8.self), source: path)["error"]?.stringValue ?? "")
        }
        var (status, message) = try await error("/api/edit", Data(#"{"id": "c9", "edits": []}"#.utf8))
        XCTAssertEqual(status, 404); XCTAssertTrue(message.contains("no code 'c9'"), message)
        (status, message) = try await error("/api/edit", Data(#"{"id": "c1", "edits": [], "colour": 1}"#.utf8))
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("colour"), message)
        (status, message) = try await error("/api/edit", Data("{not json".utf8))
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("request body"), message)
        let empty = EditorFixture.multipart(fields: ["steps": "5"])
        (status, message) = try await error("/api/invert", empty.body, type: empty.type)
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("'image'"), message)
        (status, message) = try await error("/api/invert", Data("--x\r\nbroken".utf8), type: "multipart/form-data; boundary=x")
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("multipart"), message)
        let zero = EditorFixture.multipart(fields: ["example": "face.png", "steps": "0"])
        (status, message) = try await error("/api/invert", zero.body, type: zero.type)
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("steps must be 1 to 20"), message)
        let escape = EditorFixture.multipart(fields: ["example": "../../etc/passwd"])
        (status, message) = try await error("/api/invert", escape.body, type: escape.type)
        XCTAssertEqual(status, 404); XCTAssertTrue(message.contains("no example"), message)
        let wrong = EditorFixture.multipart(fields: ["encoder": "psp"], image: ("x.png", Data("not an image".utf8)))
        (status, message) = try await error("/api/invert", wrong.body, type: wrong.type)
        XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("no encoder 'psp'"), message)
        let missing = try await client.request("/api/examples/nothing.png")
        XCTAssertEqual(missing.status, 404)

        // A corrupt upload: the stream ends with an error event naming the file.
        let corrupt = EditorFixture.multipart(fields: [:], image: ("broken.png", Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])))
        let r = try await client.request("/api/invert", method: "POST", body: corrupt.body, type: corrupt.type)
        let events = try EditorFixture.events(String(decoding: r.body, as: UTF8.self))
        XCTAssertEqual(events.map(\.0), ["error"])
        XCTAssertTrue(events.first?.1["error"]?.stringValue?.contains("broken.png") == true, "\(events)")
    }

    func testWithoutAnEncoderFacesComeFromSeedsAsGenerateMakesThem() async throws {
        let plugins = try EditorFixture.plugins()
        let client = try await LiveEditor(engine: EditorEngine(configuration: EditorFixture.configuration(plugins: plugins, encoder: false)))
        defer { client.stop() }
        let form = EditorFixture.multipart(fields: ["example": "face.png"])
        let refused = try await client.request("/api/invert", method: "POST", body: form.body, type: form.type)
        XCTAssertEqual(refused.status, 409)
        XCTAssertTrue(String(decoding: refused.body, as: UTF8.self).contains("has no encoder"))
        let r = try await client.request("/api/sample", method: "POST", body: Data(#"{"seed": 3}"#.utf8))
        let code = try JSONValue.parse(String(decoding: r.body, as: UTF8.self), source: "sample")
        let sampled = try XCTUnwrap(EditorFixture.png(dataURL: code["image"]?.stringValue ?? ""))
        let id = code["id"]?.stringValue ?? ""
        let c = try await client.request("/api/command", method: "POST",
                                         body: Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": -1.5}]}"#.utf8))
        let command = try JSONValue.parse(String(decoding: c.body, as: UTF8.self), source: "command")["command"]?.stringValue ?? ""

        let out = plugins.deletingLastPathComponent().appendingPathComponent("generated")
        let g = try CommandRunner.run(["generate", "--checkpoint", EditorFixture.checkpoint.path, "--seed", "3", "-o", out.path])
        XCTAssertEqual(g.status, 0, g.stderr)
        XCTAssertEqual(sampled, try Data(contentsOf: out.appendingPathComponent("seed0003.png")))
        XCTAssertTrue(command.contains("restyle-edit generate --seed 3 -o codes --checkpoint"), command)
        XCTAssertTrue(command.contains("&& restyle-edit edit codes/seed0003.npy"), command)
        XCTAssertTrue(command.hasSuffix("--direction smile --strength -1.5"), command)
    }

    /// Two clients (two tabs) editing different codes at the same moment: every answer is the image that client's
    /// edit gives on its own (the engine runs one request at a time; none sees the other's state).
    func testConcurrentClientsEachGetTheirOwnEdit() async throws {
        let plugins = try EditorFixture.plugins()
        let client = try await LiveEditor(engine: EditorEngine(configuration: EditorFixture.configuration(plugins: plugins, encoder: false)))
        defer { client.stop() }
        var ids: [String] = []
        for seed in [3, 4] {
            let r = try await client.request("/api/sample", method: "POST", body: Data(#"{"seed": \#(seed)}"#.utf8))
            ids.append(try JSONValue.parse(String(decoding: r.body, as: UTF8.self), source: "sample")["id"]?.stringValue ?? "")
        }
        func body(_ id: String, _ strength: Double) -> Data {
            Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": \#(strength)}]}"#.utf8)
        }
        let requests = (0..<8).map { i in (ids[i % 2], Double(i % 4) - 1.5) }
        var alone: [Data] = []
        for (id, strength) in requests {
            alone.append(try await client.request("/api/edit", method: "POST", body: body(id, strength)).body)
        }
        let together = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for (i, (id, strength)) in requests.enumerated() {
                group.addTask { (i, try await client.request("/api/edit", method: "POST", body: body(id, strength)).body) }
            }
            var out = [Data](repeating: Data(), count: requests.count)
            for try await (i, data) in group { out[i] = data }
            return out
        }
        XCTAssertEqual(together, alone)
        XCTAssertNotEqual(alone[0], alone[1], "the two codes give different images")
    }
}
