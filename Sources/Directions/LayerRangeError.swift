/// A layer range that cannot be parsed or does not fit the model.
public enum LayerRangeError: Error, Equatable, CustomStringConvertible {
    /// Nothing was given.
    case empty(text: String)
    /// One comma-separated part is not `N` or `START-END` with `START ≤ END`.
    case malformedPart(text: String, part: String, reason: String)
    /// A part names rows at or beyond the model's `styleCount`.
    case outOfRange(text: String, part: String, styleCount: Int)

    public var description: String {
        switch self {
        case .empty:
            return "empty layer range; expected \"all\" or inclusive W+ row ranges such as \"0-17\", \"4-5\", \"0-3,8\""
        case let .malformedPart(text, part, reason):
            return "layer range \"\(text)\": part \"\(part)\": \(reason)"
        case let .outOfRange(text, part, styleCount):
            return "layer range \"\(text)\": part \"\(part)\" is outside the W+ rows 0-\(styleCount - 1) of this model (\(styleCount) styles)"
        }
    }
}
