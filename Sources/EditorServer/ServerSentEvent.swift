import Foundation
import JSONCodec

/// The events of `POST /api/invert` (`text/event-stream`): `step` per refinement step, then `done` or `error`.
/// Each `data:` line is one JSON object; images are `data:image/png;base64,…` URLs the page shows as they are.
enum ServerSentEvent {
    static func step(_ s: InversionStepImage) -> String {
        event("step", .object(["step": .int(Int64(s.step)), "steps": .int(Int64(s.steps)), "seconds": .double(s.seconds),
                               "image": .string(dataURL(png: s.png))]))
    }

    static func done(_ code: EditableCode) -> String {
        event("done", codeJSON(code))
    }

    static func error(_ error: Error) -> String {
        event("error", .object(["error": .string("\(error)")]))
    }

    /// A code as the API returns it (also from `POST /api/sample`).
    static func codeJSON(_ code: EditableCode) -> JSONValue {
        .object(["id": .string(code.id), "source": .string(code.source), "encoder": code.encoder.map(JSONValue.string) ?? .null,
                 "aligned": .bool(code.aligned), "image": .string(dataURL(png: code.png))])
    }

    static func dataURL(png: Data) -> String { "data:image/png;base64," + png.base64EncodedString() }

    static func event(_ name: String, _ data: JSONValue) -> String {
        "event: \(name)\ndata: \(data.serialized(pretty: false))\n\n"
    }
}
