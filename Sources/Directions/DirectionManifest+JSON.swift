import Foundation
import JSONCodec

extension DirectionManifest {
    /// Reads and checks `url` (a `manifest.json`). Errors are `JSONError`s naming the file and the key
    /// (syntax, duplicate keys, missing `name`/`file`, wrong types, unknown keys, invalid values), or
    /// `DirectionError.invalidName`.
    public static func load(from url: URL) throws -> DirectionManifest {
        try DirectionManifest(json: JSONValue.parseDocument(contentsOf: url).uniqueKeyValue(), source: url.path)
    }

    /// Reads a manifest from a parsed JSON value; `source` names it in errors.
    public init(json: JSONValue, source: String) throws {
        let reader = try JSONObjectReader(json, source: source)
        try reader.rejectUnknownKeys(allowed: DirectionManifest.keys)

        name = try reader.require("name", as: String.self)
        do { try DirectionName.validate(name) } catch let error as DirectionError {
            throw reader.context(for: "name").invalidValue(error.description)
        }
        file = try reader.require("file", as: String.self)
        if file.isEmpty || file.hasPrefix("/") || file.split(separator: "/").contains("..") {
            throw reader.context(for: "file").invalidValue(
                "\"\(file)\" must be a file name relative to the plugin folder (not empty, not absolute, no \"..\")")
        }
        description = try reader.optional("description", as: String.self)
        model = try reader.optional("model", as: String.self)
        method = try reader.optional("method", as: String.self)
        space = try Self.enumValue(reader, "space", LatentSpace.self)
        format = try Self.enumValue(reader, "format", DirectionFormat.self)
        mode = try Self.enumValue(reader, "mode", DirectionMode.self)

        component = try reader.optional("component", as: Int.self)
        if format == .ganspace {
            guard let component else {
                throw JSONError.missingKey(source: source, keyPath: "component")
            }
            if component < 0 { throw reader.context(for: "component").invalidValue("must be ≥ 0, found \(component)") }
        } else if component != nil {
            throw reader.context(for: "component").invalidValue("only allowed with \"format\": \"ganspace\"")
        }
        if mode == .set && format != .ganspace {
            throw reader.context(for: "mode").invalidValue(
                "\"set\" (e4e's GANSpace convention) needs \"format\": \"ganspace\"; use \"add\"")
        }

        if let text = try reader.optional("layers", as: String.self) {
            do { layers = try LayerRange(parsing: text) } catch let error as LayerRangeError {
                throw reader.context(for: "layers").invalidValue(error.description)
            }
        } else {
            layers = nil
        }

        defaultStrength = try reader.optional("default_strength", as: Float.self)
        if let range = try reader.optional("strength_range", as: [Float].self) {
            guard range.count == 2, range[0] < range[1] else {
                throw reader.context(for: "strength_range").invalidValue(
                    "expected [low, high] with low < high, found \(range)")
            }
            strengthRange = range[0]...range[1]
            if let defaultStrength, !strengthRange!.contains(defaultStrength) {
                throw reader.context(for: "default_strength").invalidValue(
                    "\(defaultStrength) is outside strength_range [\(range[0]), \(range[1])]")
            }
            if defaultStrength == nil, !strengthRange!.contains(1) {
                throw reader.context(for: "default_strength").invalidValue(
                    "absent, so 1.0, which is outside strength_range [\(range[0]), \(range[1])]; give one inside the range")
            }
        } else {
            strengthRange = nil
        }

        if let provenance = try reader.optional("provenance", as: JSONValue.self) {
            guard provenance.objectValue != nil else {
                throw reader.context(for: "provenance").typeMismatch(expected: "object", found: provenance)
            }
            self.provenance = provenance
        } else {
            provenance = nil
        }
    }

    private static func enumValue<E: RawRepresentable & CaseIterable>(
        _ reader: JSONObjectReader, _ key: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = try reader.optional(key, as: String.self) else { return nil }
        guard let value = E(rawValue: text) else {  // exact: "W+" or "Add" are refused, not guessed
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw reader.context(for: key).invalidValue("\"\(text)\" is not one of \(allowed)")
        }
        return value
    }

    /// The manifest as a JSON object: keys in `DirectionManifest.keys` order, absent fields left out.
    public var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        if let description { object["description"] = .string(description) }
        if let model { object["model"] = .string(model) }
        if let space { object["space"] = .string(space.rawValue) }
        object["file"] = .string(file)
        if let format { object["format"] = .string(format.rawValue) }
        if let component { object["component"] = .int(Int64(component)) }
        if let layers { object["layers"] = .string(layers.description) }
        if let defaultStrength { object["default_strength"] = Self.number(defaultStrength) }
        if let strengthRange {
            object["strength_range"] = .array([Self.number(strengthRange.lowerBound), Self.number(strengthRange.upperBound)])
        }
        if let mode { object["mode"] = .string(mode.rawValue) }
        if let method { object["method"] = .string(method) }
        if let provenance { object["provenance"] = provenance }
        return .object(object)
    }

    /// A Float written with its shortest decimal form (1.5, not 1.5000000000000000).
    private static func number(_ value: Float) -> JSONValue {
        .double(Double(value.description) ?? Double(value))
    }

    /// Writes the manifest (pretty JSON) atomically to `url`.
    public func write(to url: URL) throws {
        try json.write(to: url, pretty: true)
    }
}
