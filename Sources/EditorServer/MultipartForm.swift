import Foundation

/// A `multipart/form-data` body (RFC 7578) as browsers send a form: each part's field name, file name and bytes.
/// Malformed bodies are an `EditorError` naming what is wrong; nothing here traps on any input.
struct MultipartForm {
    struct Part {
        let name: String
        let fileName: String?
        let body: ArraySlice<UInt8>
    }

    let parts: [Part]

    /// The `boundary` parameter of a `multipart/form-data` content type; nil for other types.
    static func boundary(contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = fields.first, first.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            var value = String(field.dropFirst("boundary=".count))
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 200 ? nil : value
        }
        return nil
    }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array(("--" + boundary).utf8)
        let separator = Array(("\r\n--" + boundary).utf8)
        guard var cursor = Self.find(delimiter, in: body, from: 0) else {
            throw EditorError(.badRequest, "the multipart body holds no part (boundary \(boundary) not found)")
        }
        cursor += delimiter.count
        var parts: [Part] = []
        while true {
            if Self.starts(with: [45, 45], in: body, at: cursor) { break }                       // "--": the end
            guard Self.starts(with: [13, 10], in: body, at: cursor) else {
                throw EditorError(.badRequest, "malformed multipart body (no line break after a boundary)")
            }
            cursor += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: cursor) else {
                throw EditorError(.badRequest, "malformed multipart body (a part's headers do not end)")
            }
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            guard let next = Self.find(separator, in: body, from: headerEnd + 4) else {
                throw EditorError(.badRequest, "malformed multipart body (a part does not end with the boundary)")
            }
            let (name, fileName) = try Self.disposition(headers)
            parts.append(Part(name: name, fileName: fileName, body: body[(headerEnd + 4)..<next]))
            cursor = next + separator.count
            if parts.count > 16 { throw EditorError(.badRequest, "the form has more than 16 parts") }
        }
        self.parts = parts
    }

    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// A text field's value (UTF-8).
    func text(_ name: String) -> String? { part(named: name).map { String(decoding: $0.body, as: UTF8.self) } }

    /// `name` and `filename` of a part's `Content-Disposition: form-data` header.
    static func disposition(_ headers: String) throws -> (String, String?) {
        for line in headers.split(separator: "\r\n") {
            let text = String(line)
            guard text.lowercased().hasPrefix("content-disposition:") else { continue }
            func parameter(_ key: String) -> String? {
                guard let range = text.range(of: "; \(key)=\"") ?? text.range(of: ";\(key)=\"") else { return nil }
                let rest = text[range.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { return nil }
                return String(rest[..<end])
            }
            guard let name = parameter("name") else { break }
            return (name, parameter("filename"))
        }
        throw EditorError(.badRequest, "a multipart part has no Content-Disposition: form-data; name=\"...\" header")
    }

    static func starts(with prefix: [UInt8], in body: [UInt8], at offset: Int) -> Bool {
        offset + prefix.count <= body.count && body[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }

    /// The first index ≥ `start` where `needle` begins.
    static func find(_ needle: [UInt8], in body: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= body.count else { return nil }
        var i = start
        let last = body.count - needle.count
        while i <= last {
            if body[i] == first && body[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
