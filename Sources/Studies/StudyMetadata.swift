import Foundation
import JSONCodec

/// `study-meta.json` of an output directory: what the report needs besides the rows.
public struct StudyMetadata: Sendable, Equatable {
    public var name: String
    public var inverters: [String]
    public var directions: [String]
    public var metrics: [String]
    /// Metrics skipped and why ("attribute_editability: needs the shipped attribute network").
    public var notes: [String]
    public var seed: UInt64

    public init(name: String, inverters: [String], directions: [String], metrics: [String], notes: [String], seed: UInt64) {
        self.name = name; self.inverters = inverters; self.directions = directions; self.metrics = metrics; self.notes = notes; self.seed = seed
    }

    public static let fileName = "study-meta.json"

    public var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("inverters", .array(inverters.map(JSONValue.string))),
            ("directions", .array(directions.map(JSONValue.string))), ("metrics", .array(metrics.map(JSONValue.string))),
            ("notes", .array(notes.map(JSONValue.string))), ("seed", .int(Int64(seed))),
        ]))
    }

    public init(contentsOf url: URL) throws {
        let r = try JSONObjectReader(try JSONValue.parse(contentsOf: url), source: url.path)
        self.init(name: try r.require("name"), inverters: try r.require("inverters"), directions: try r.require("directions"),
                  metrics: try r.require("metrics"), notes: try r.require("notes"), seed: UInt64(try r.require("seed", as: Int64.self)))
    }
}
