import Foundation
import Hummingbird

/// The fields of `POST /api/invert`: a multipart form with an `image` file or an `example` name, and optional
/// `encoder` and `steps` (also accepted as query parameters; the form wins).
struct InvertForm {
    let image: Data
    let fileName: String
    let example: String?
    let encoder: String?
    let steps: Int

    init(request: Request, limit: Int) async throws {
        let query = request.uri.queryParameters
        var encoder = query["encoder"].map(String.init)
        var steps = query["steps"].map(String.init)
        var example = query["example"].map(String.init)
        var image = Data(), fileName = "upload"
        if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/") {
            guard let boundary = MultipartForm.boundary(contentType: type) else {
                throw EditorError(.badRequest, "a multipart body needs Content-Type: multipart/form-data; boundary=…")
            }
            let body = try await request.body.collect(upTo: limit)
            let form = try MultipartForm(body: Array(body.readableBytesView), boundary: boundary)
            if let part = form.part(named: "image") {
                image = Data(part.body)
                fileName = Self.safeName(part.fileName) ?? fileName
            }
            encoder = form.text("encoder") ?? encoder
            steps = form.text("steps") ?? steps
            example = form.text("example") ?? example
        }
        if example?.isEmpty == true { example = nil }
        guard example != nil || !image.isEmpty else {
            throw EditorError(.badRequest, "send a photo as the multipart field 'image', or an example's name as 'example'")
        }
        let count = steps.map { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 5
        guard let count else { throw EditorError(.badRequest, "steps must be a whole number (got '\(steps ?? "")')") }
        self.image = image
        self.fileName = fileName
        self.example = example
        self.encoder = encoder?.isEmpty == true ? nil : encoder
        self.steps = count
    }

    /// The upload's own file name without any folder part (only a label in messages and commands).
    static func safeName(_ name: String?) -> String? {
        guard let name, let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last else { return nil }
        let cleaned = String(last.prefix(120)).filter { !$0.isNewline && $0 != "\0" }
        return cleaned.isEmpty ? nil : cleaned
    }
}
