import Foundation
import JSONCodec
import Workflows

/// The JSON body of `POST /api/edit` and `POST /api/command`:
/// `{"id": "c1", "edits": [{"direction": "smile", "strength": 2, "layers": "0-5"}], "format": "png"}`
/// (`strength` and `layers` optional: the direction's defaults; `format` `png` or `npy`, for `/api/edit` only).
struct EditRequest {
    let id: String
    let edits: [EditSpec]
    let format: String

    static let source = "request body"

    init(json bytes: [UInt8]) throws {
        let reader = try JSONObjectReader(try JSONValue.parse(data: Data(bytes), source: Self.source), source: Self.source)
        try reader.rejectUnknownKeys(allowed: ["id", "edits", "format"])
        id = try reader.require("id")
        format = try reader.optional("format") ?? "png"
        guard ["png", "npy"].contains(format) else { throw EditorError(.badRequest, "format must be png or npy (got \(format))") }
        let items: [JSONObjectReader] = try reader.require("edits")
        guard items.count <= 64 else { throw EditorError(.badRequest, "at most 64 edits per request (got \(items.count))") }
        edits = try items.map { item in
            try item.rejectUnknownKeys(allowed: ["direction", "strength", "layers"])
            let strength: Float? = try item.optional("strength")
            if let strength, !strength.isFinite { throw EditorError(.badRequest, "\(item.keyPath): strength must be finite") }
            return EditSpec(direction: try item.require("direction"), strength: strength, layers: try item.optional("layers"))
        }
    }
}

/// The JSON body of `POST /api/sample`: `{"seed": 3}`.
struct SampleRequest {
    let seed: Int64

    init(json bytes: [UInt8]) throws {
        let reader = try JSONObjectReader(try JSONValue.parse(data: Data(bytes), source: EditRequest.source), source: EditRequest.source)
        try reader.rejectUnknownKeys(allowed: ["seed"])
        seed = try reader.require("seed")
    }
}
