import JSONCodec

/// The `manifest.json` of a direction plugin folder (format: README "Direction plugins", design.md).
///
///     { "name": "smile", "description": "…", "model": "…", "space": "w", "file": "direction.npy",
///       "format": "npy", "layers": "0-17", "default_strength": 1.0, "strength_range": [-5, 5],
///       "mode": "add", "method": "interfacegan", "provenance": { … } }
///
/// Only `name` and `file` are required. Absent fields mean: `format` from the file's content, `space` from
/// the vector's shape (`w` for one row, `w+` for `[n, D]`), `layers` all rows, `default_strength` 1,
/// `mode` `add` (`set` for `format: "ganspace"`). `component` is required for, and only allowed with,
/// `format: "ganspace"`. `provenance` is any object, kept as is. Unknown keys are an error.
public struct DirectionManifest: Sendable, Equatable {
    /// The manifest's file name inside a plugin folder.
    public static let fileName = "manifest.json"
    /// Every key a manifest may hold, in the order `json` writes them.
    public static let keys = ["name", "description", "model", "space", "file", "format", "component", "layers",
                              "default_strength", "strength_range", "mode", "method", "provenance"]

    /// Direction name (see `DirectionName`); what `--direction` selects.
    public var name: String
    public var description: String?
    /// The generator the direction was made for (fingerprint or id); informational.
    public var model: String?
    public var space: LatentSpace?
    /// The vector file, relative to the plugin folder (no `..`, not absolute).
    public var file: String
    public var format: DirectionFormat?
    /// The GANSpace component index (format `ganspace` only).
    public var component: Int?
    /// Default rows; nil = all.
    public var layers: LayerRange?
    public var defaultStrength: Float?
    /// The strength range the author recommends (`[low, high]`, low < high).
    public var strengthRange: ClosedRange<Float>?
    public var mode: DirectionMode?
    /// How it was made: `interfacegan`, `ganspace`, `e4e`, `svm`, … (free text).
    public var method: String?
    /// Any JSON object describing how it was made (samples, accuracy, dates…).
    public var provenance: JSONValue?

    public init(name: String, file: String, description: String? = nil, model: String? = nil, space: LatentSpace? = nil,
                format: DirectionFormat? = nil, component: Int? = nil, layers: LayerRange? = nil,
                defaultStrength: Float? = nil, strengthRange: ClosedRange<Float>? = nil, mode: DirectionMode? = nil,
                method: String? = nil, provenance: JSONValue? = nil) {
        self.name = name
        self.file = file
        self.description = description
        self.model = model
        self.space = space
        self.format = format
        self.component = component
        self.layers = layers
        self.defaultStrength = defaultStrength
        self.strengthRange = strengthRange
        self.mode = mode
        self.method = method
        self.provenance = provenance
    }
}
