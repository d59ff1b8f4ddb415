/// An edit that cannot be made. Raised before any code is touched.
public enum EditError: Error, Equatable, CustomStringConvertible {
    /// The strength is NaN or ±Inf.
    case nonFiniteStrength(direction: String, value: Float)
    /// `set` on a direction that is not a GANSpace component.
    case setNeedsGANSpace(direction: String)
    /// `center` combined with `set` (set already fixes the coordinate).
    case centerWithSet(direction: String)
    /// A Z-space direction applied to W/W+ codes.
    case wrongSpace(direction: String, space: String)
    /// Codes of the wrong rank or size.
    case codeShape(expected: String, actual: [Int])
    /// The direction does not fit the model (wraps `DirectionError` / `LayerRangeError` text).
    case direction(String)
    /// A strength sweep that cannot be parsed or is empty.
    case invalidSweep(text: String, reason: String)
    /// Grid panels that are not `[3, H, W]` images, or an empty grid.
    case invalidPanel(row: Int, column: Int, reason: String)

    public var description: String {
        switch self {
        case let .nonFiniteStrength(direction, value):
            return "direction '\(direction)': strength \(value) is not a finite number"
        case let .setNeedsGANSpace(direction):
            return "direction '\(direction)': mode 'set' needs a GANSpace component (mean and std); use 'add'"
        case let .centerWithSet(direction):
            return "direction '\(direction)': --center applies to 'add' edits; 'set' already fixes the coordinate"
        case let .wrongSpace(direction, space):
            return "direction '\(direction)' is a \(space.uppercased())-space direction; edits move W/W+ codes"
        case let .codeShape(expected, actual):
            return "codes have shape \(actual), expected \(expected)"
        case let .direction(message):
            return message
        case let .invalidSweep(text, reason):
            return "strength sweep \"\(text)\": \(reason)"
        case let .invalidPanel(row, column, reason):
            return "image grid panel (row \(row), column \(column)): \(reason)"
        }
    }
}
