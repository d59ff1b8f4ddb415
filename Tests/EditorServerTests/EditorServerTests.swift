import EditorServer
import Foundation
import Hummingbird
import HummingbirdTesting
import ImageCodecs
import JSONCodec
import NIOCore
import TestSupport
import XCTest

/// `restyle-edit serve`'s API, driven in-process through Hummingbird's test client, against the CLI's own output.
final class EditorServerTests: XCTestCase {
    func testInversionStreamsEveryStepAndAnEditEqualsTheCLIsImage() async throws {
        let plugins = try EditorFixture.plugins()
        let engine = try EditorEngine(configuration: EditorFixture.configuration(plugins: plugins))
        let app = try EditorServer.application(engine: engine)
        let (id, serverPNG, serverNPY, command) = try await app.test(.router) { client -> (String, Data, Data, String) in
            let model = try await client.execute(uri: "/api/model", method: .get)
            let description = try JSONValue.parse(String(buffer: model.body), source: "model")
            XCTAssertEqual(description["directions"]?[0]?["name"]?.stringValue, "smile")
            XCTAssertEqual(description["examples"]?.arrayValue?.compactMap(\.stringValue).contains("face.png"), true)

            let form = EditorFixture.multipart(fields: ["example": EditorFixture.example, "steps": "5"])
            let response = try await client.execute(uri: "/api/invert", method: .post, headers: [.contentType: form.type],
                                                    body: ByteBuffer(bytes: form.body))
            XCTAssertEqual(response.headers[.contentType], "text/event-stream")
            let events = try EditorFixture.events(String(buffer: response.body))
            XCTAssertEqual(events.map(\.0), ["step", "step", "step", "step", "step", "done"])
            XCTAssertEqual(events.compactMap { $0.1["step"]?.int64Value }, [1, 2, 3, 4, 5])
            XCTAssertNotNil(EditorFixture.png(dataURL: events[4].1["image"]?.stringValue ?? ""))
            let id = try XCTUnwrap(events[5].1["id"]?.stringValue)
            // The last streamed step is the inversion itself.
            XCTAssertEqual(events[4].1["image"]?.stringValue, events[5].1["image"]?.stringValue)

            let edit = Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": 2}, {"direction": "smile", "strength": 0}]}"#.utf8)
            let png = try await client.execute(uri: "/api/edit", method: .post, headers: [.contentType: "application/json"],
                                               body: ByteBuffer(bytes: edit))
            XCTAssertEqual(png.status, .ok)
            XCTAssertEqual(png.headers[.contentType], "image/png")
            let serverPNG = Data(png.body.readableBytesView)
            let npyBody = Data(#"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": 2}], "format": "npy"}"#.utf8)
            let npy = try await client.execute(uri: "/api/edit", method: .post, body: ByteBuffer(bytes: npyBody))
            let serverNPY = Data(npy.body.readableBytesView)
            let c = try await client.execute(uri: "/api/command", method: .post, body: ByteBuffer(bytes: edit))
            let command = try JSONValue.parse(String(buffer: c.body), source: "command")["command"]?.stringValue ?? ""
            return (id, serverPNG, serverNPY, command)
        }
        XCTAssertEqual(id, "c1")
        // The same edit from the command line the page gives.
        XCTAssertTrue(command.hasPrefix("restyle-edit "), command)
        XCTAssertTrue(command.hasSuffix("toy-model/face.png --checkpoint \(EditorFixture.checkpoint.path) --directions \(plugins.path) --direction smile --strength 2"), command)
        let out = plugins.deletingLastPathComponent().appendingPathComponent("cli")
        let r = try CommandRunner.run([EditorFixture.examples.appendingPathComponent("face.png").path, "--checkpoint", EditorFixture.checkpoint.path,
                                       "--directions", plugins.path, "--direction", "smile", "--strength", "2", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let cliPNG = try Data(contentsOf: out.appendingPathComponent("face.smile+2.png"))
        XCTAssertFalse(serverPNG.isEmpty)
        XCTAssertEqual(serverPNG, cliPNG, "the server's PNG for the edit is the CLI's, byte for byte")
        XCTAssertEqual(serverNPY, try Data(contentsOf: out.appendingPathComponent("face.smile+2.npy")))
        let inversion = try Data(contentsOf: out.appendingPathComponent("face.png"))
        XCTAssertNotEqual(serverPNG, inversion, "the edit changed the image")
    }

    func testBadRequestsGetOneSentenceAndAStatus() async throws {
        let plugins = try EditorFixture.plugins()
        let engine = try EditorEngine(configuration: EditorFixture.configuration(plugins: plugins))
        let app = try EditorServer.application(engine: engine)
        try await app.test(.router) { client in
            func error(_ uri: String, _ body: Data, type: String = "application/json") async throws -> (Int, String) {
                let r = try await client.execute(uri: uri, method: .post, headers: [.contentType: type], body: ByteBuffer(bytes: body))
                return (Int(r.status.code), try JSONValue.parse(String(buffer: r.body), source: uri)["error"]?.stringValue ?? "")
            }
            var (status, message) = try await error("/api/edit", Data(#"{"id": "c9", "edits": []}"#.utf8))
            XCTAssertEqual(status, 404); XCTAssertTrue(message.contains("no code 'c9'"), message)
            (status, message) = try await error("/api/edit", Data(#"{"id": "c1", "edits": [], "colour": 1}"#.utf8))
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("colour"), message)
            (status, message) = try await error("/api/edit", Data("{not json".utf8))
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("request body"), message)
            (status, message) = try await error("/api/invert", EditorFixture.multipart(fields: ["steps": "5"]).body,
                                                type: EditorFixture.multipart(fields: [:]).type)
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("'image'"), message)
            (status, message) = try await error("/api/invert", Data("--x\r\nbroken".utf8), type: "multipart/form-data; boundary=x")
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("multipart"), message)
            let form = EditorFixture.multipart(fields: ["example": "face.png", "steps": "0"])
            (status, message) = try await error("/api/invert", form.body, type: form.type)
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("steps must be 1 to 20"), message)
            let other = EditorFixture.multipart(fields: ["example": "../../etc/passwd"])
            (status, message) = try await error("/api/invert", other.body, type: other.type)
            XCTAssertEqual(status, 404); XCTAssertTrue(message.contains("no example"), message)
            let wrong = EditorFixture.multipart(fields: ["encoder": "psp"], image: ("x.png", Data("not an image".utf8)))
            (status, message) = try await error("/api/invert", wrong.body, type: wrong.type)
            XCTAssertEqual(status, 400); XCTAssertTrue(message.contains("no encoder 'psp'"), message)

            // A corrupt upload: the stream ends with an error event naming the file.
            let corrupt = EditorFixture.multipart(fields: [:], image: ("broken.png", Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])))
            let r = try await client.execute(uri: "/api/invert", method: .post, headers: [.contentType: corrupt.type],
                                             body: ByteBuffer(bytes: corrupt.body))
            let events = try EditorFixture.events(String(buffer: r.body))
            XCTAssertEqual(events.map(\.0), ["error"])
            XCTAssertTrue(events[0].1["error"]?.stringValue?.contains("broken.png") == true, "\(events)")
        }
    }

    func testWithoutAnEncoderFacesComeFromSeedsAsGenerateMakesThem() async throws {
        let plugins = try EditorFixture.plugins()
        let engine = try EditorEngine(configuration: EditorFixture.configuration(plugins: plugins, encoder: false))
        let app = try EditorServer.application(engine: engine)
        let (sampled, command) = try await app.test(.router) { client -> (Data, String) in
            let form = EditorFixture.multipart(fields: ["example": "face.png"])
            let refused = try await client.execute(uri: "/api/invert", method: .post, headers: [.contentType: form.type],
                                                   body: ByteBuffer(bytes: form.body))
            XCTAssertTrue(String(buffer: refused.body).contains("has no encoder"))
            let r = try await client.execute(uri: "/api/sample", method: .post, body: ByteBuffer(string: #"{"seed": 3}"#))
            let code = try JSONValue.parse(String(buffer: r.body), source: "sample")
            let sampled = try XCTUnwrap(EditorFixture.png(dataURL: code["image"]?.stringValue ?? ""))
            let id = code["id"]?.stringValue ?? ""
            let c = try await client.execute(uri: "/api/command", method: .post,
                                             body: ByteBuffer(string: #"{"id": "\#(id)", "edits": [{"direction": "smile", "strength": -1.5}]}"#))
            let command = try JSONValue.parse(String(buffer: c.body), source: "command")["command"]?.stringValue ?? ""
            return (sampled, command)
        }
        let out = plugins.deletingLastPathComponent().appendingPathComponent("generated")
        let r = try CommandRunner.run(["generate", "--checkpoint", EditorFixture.checkpoint.path, "--seed", "3", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(sampled, try Data(contentsOf: out.appendingPathComponent("seed0003.png")))
        XCTAssertTrue(command.contains("restyle-edit generate --seed 3 -o codes --checkpoint"), command)
        XCTAssertTrue(command.contains("&& restyle-edit edit codes/seed0003.npy"), command)
        XCTAssertTrue(command.hasSuffix("--direction smile --strength -1.5"), command)
    }
}
