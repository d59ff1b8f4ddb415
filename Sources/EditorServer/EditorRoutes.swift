import Foundation
import Hummingbird
import JSONCodec
import Workflows

/// The editor's HTTP API (README: "The editor"):
///
/// - `GET /` the page; `GET /api/model` the model, encoders, direction sliders and examples (JSON);
///   `GET /api/examples/{name}` an example's bytes.
/// - `POST /api/invert` (multipart form: `image` file or `example` name; `encoder`, `steps` fields or query
///   parameters) → `text/event-stream`: `step` events with each reconstruction, then `done` with the code's id.
/// - `POST /api/sample` `{"seed": S}` → the code of a seed (no encoder needed).
/// - `POST /api/edit` `{"id", "edits": [...], "format": "png"|"npy"}` → the edited image, or its W+ code.
/// - `POST /api/command` `{"id", "edits": [...]}` → `{"command": "restyle-edit …"}`.
///
/// Errors are JSON `{"error": "one sentence"}` with a 4xx status.
enum EditorRoutes {
    static func router(engine: EditorEngine, page: Data) -> Router<BasicRequestContext> {
        let router = Router()
        let limit = engine.configuration.maximumUploadBytes
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(bytes: page)))
        }
        router.get("/api/model") { _, _ in json(engine.description()) }
        router.get("/api/examples/{name}") { _, context in
            await respond {
                let name = context.parameters.get("name") ?? ""
                let data = try engine.example(named: name)
                let type = URL(fileURLWithPath: name).pathExtension.lowercased() == "png" ? "image/png" : "image/jpeg"
                return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
        router.post("/api/invert") { request, _ in
            await respond {
                let form = try await InvertForm(request: request, limit: limit)
                guard (1...engine.configuration.maximumSteps).contains(form.steps) else {
                    throw EditorError(.badRequest, "steps must be 1 to \(engine.configuration.maximumSteps) (got \(form.steps))")
                }
                _ = try engine.model(named: form.encoder)              // an unknown encoder: refused before streaming
                let data = try form.example.map(engine.example(named:)) ?? form.image
                let name = form.example ?? form.fileName
                let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
                Task {                          // the inversion goes on if the page goes away; its code is kept
                    do {
                        let code = try await engine.invert(photo: data, name: name, encoder: form.encoder, steps: form.steps) { step in
                            continuation.yield(ByteBuffer(string: ServerSentEvent.step(step)))
                        }
                        continuation.yield(ByteBuffer(string: ServerSentEvent.done(code)))
                    } catch {
                        continuation.yield(ByteBuffer(string: ServerSentEvent.error(error)))
                    }
                    continuation.finish()
                }
                return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                                body: .init(asyncSequence: stream))
            }
        }
        router.post("/api/sample") { request, _ in
            await respond {
                let body = try await request.body.collect(upTo: 4096)
                let sample = try SampleRequest(json: Array(body.readableBytesView))
                return json(ServerSentEvent.codeJSON(try await engine.sample(seed: sample.seed)))
            }
        }
        router.post("/api/edit") { request, _ in
            await respond {
                let body = try await request.body.collect(upTo: 1 << 20)
                let edit = try EditRequest(json: Array(body.readableBytesView))
                let (png, npy) = try await engine.render(id: edit.id, edits: edit.edits)
                let isPNG = edit.format == "png"
                return Response(status: .ok, headers: [.contentType: isPNG ? "image/png" : "application/octet-stream",
                                                       .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: isPNG ? png : npy)))
            }
        }
        router.post("/api/command") { request, _ in
            await respond {
                let body = try await request.body.collect(upTo: 1 << 20)
                let edit = try EditRequest(json: Array(body.readableBytesView))
                return json(.object(["command": .string(try await engine.command(id: edit.id, edits: edit.edits))]))
            }
        }
        return router
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: value.serialized(pretty: false))))
    }

    /// Runs a handler; every error becomes `{"error": "…"}` with its status (400 unless the error says otherwise).
    static func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as EditorError {
            return json(.object(["error": .string(error.description)]), status: .init(code: error.status))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return json(.object(["error": .string("the request is too large (the limit is set by serve --max-upload-mb)")]),
                        status: .contentTooLarge)
        } catch {
            return json(.object(["error": .string("\(error)")]), status: .badRequest)
        }
    }
}
