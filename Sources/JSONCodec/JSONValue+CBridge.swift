import CJSON

// Conversion between JSONValue and json-c's json_object trees. C types stay in this module.

extension JSONValue {
    /// Copies a json-c tree (the caller keeps its reference). Depth is bounded by the tokener's limit.
    init(borrowing object: OpaquePointer?) {
        guard let object else { self = .null; return }
        switch json_object_get_type(object) {
        case json_type_null:
            self = .null
        case json_type_boolean:
            self = .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            self = .int(json_object_get_int64(object))
        case json_type_double:
            self = .double(json_object_get_double(object))
        case json_type_string:
            let length = Int(json_object_get_string_len(object))
            let bytes = UnsafeRawBufferPointer(start: json_object_get_string(object), count: length)
            self = .string(String(decoding: bytes, as: UTF8.self))
        case json_type_array:
            let n = json_object_array_length(object)
            var elements: [JSONValue] = []
            elements.reserveCapacity(n)
            for i in 0..<n { elements.append(JSONValue(borrowing: json_object_array_get_idx(object, i))) }
            self = .array(elements)
        case json_type_object:
            var result = JSONObject()
            var it = json_object_iter_begin(object)
            var end = json_object_iter_end(object)
            while json_object_iter_equal(&it, &end) == 0 {
                let key = String(cString: json_object_iter_peek_name(&it))
                result[key] = JSONValue(borrowing: json_object_iter_peek_value(&it))
                json_object_iter_next(&it)
            }
            self = .object(result)
        default:
            self = .null
        }
    }

    /// A new json-c tree with reference count one, owned by the caller (release with json_object_put).
    /// Doubles carry their shortest round-trip text (Swift's `description`), so json-c writes them
    /// exactly; non-finite doubles become null. Returns nil only when json-c cannot allocate.
    func makeJSONCObject() -> OpaquePointer? {
        switch self {
        case .null:
            return nil  // json-c represents null as a NULL pointer
        case .bool(let b):
            return json_object_new_boolean(b ? 1 : 0)
        case .int(let i):
            return json_object_new_int64(i)
        case .double(let d):
            guard d.isFinite else { return nil }
            return json_object_new_double_s(d, Self.roundTripText(d))
        case .string(let s):
            // json-c copies the bytes; embedded NULs survive because the length is explicit.
            let utf8 = Array(s.utf8) + [0]
            return utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { json_object_new_string_len($0.baseAddress!, Int32(utf8.count - 1)) }
            }
        case .array(let elements):
            let array = json_object_new_array_ext(Int32(clamping: max(elements.count, 1)))
            for e in elements { json_object_array_add(array, e.makeJSONCObject()) }
            return array
        case .object(let members):
            let object = json_object_new_object()
            for (key, value) in members { json_object_object_add(object, key, value.makeJSONCObject()) }
            return object
        }
    }

    /// Shortest text that reads back as exactly `d`, always with a fraction or exponent so it
    /// parses as a double (`1.0`, `0.1`, `1e-300`).
    static func roundTripText(_ d: Double) -> String {
        let text = d.description
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }
}
