import Directions
import Editing

/// One edit as a front end states it: a direction's name, a strength (nil: the direction's default) and W+ rows as
/// text (`0-5`, `4-5,8`, `7:9`; nil: the direction's default layers). The CLI's `--direction/--strength/--layers`
/// groups and the editor page's sliders both become these, and resolve to `Edit`s the same way.
public struct EditSpec: Equatable, Sendable, Codable {
    public var direction: String
    public var strength: Float?
    public var layers: String?

    public init(direction: String, strength: Float? = nil, layers: String? = nil) {
        self.direction = direction
        self.strength = strength
        self.layers = layers
    }

    /// The edit for a model with `styleCount` rows of `styleDim`, its direction found in `library`. `given`: the
    /// strengths that will be applied (a sweep's, else this one's), each outside the direction's `strength_range`
    /// reported once to `warn`. A `WorkflowError` for `center` on a direction that is not add-mode; the direction,
    /// layer and edit errors otherwise.
    public func resolve(library: DirectionLibrary, styleCount: Int, styleDim: Int, center: Bool = false,
                        given: [Float]? = nil, warn: (String) -> Void = { _ in }) throws -> Edit {
        let found = try library.direction(named: direction)
        if center && found.mode != .add {
            throw WorkflowError("--center applies to add-mode directions; \(found.name) is a GANSpace component in '\(found.mode)' mode")
        }
        let value = strength ?? found.defaultStrength
        if let range = found.strengthRange, let outside = (given ?? [value]).first(where: { !range.contains($0) }) {
            warn("strength \(outside) for \(found.name) is outside its strength_range [\(range.lowerBound), \(range.upperBound)]")
        }
        let rows = try layers.map { try LayerRange(parsing: $0, styleCount: styleCount) }
        let edit = try Edit(direction: found, strength: value, layers: rows, center: center)
        try edit.validate(styleCount: styleCount, styleDim: styleDim)
        return edit
    }
}
