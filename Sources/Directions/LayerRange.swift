/// A set of W+ rows an edit touches, written as inclusive ranges: `"0-17"`, `"4-5"`, `"0-3,8"`, or `"all"`; or as
/// Python slices with an exclusive end, as e4e's GANSpace tuples `(component, start, end, strength)` give them:
/// `"7:9"` is rows 7 and 8 (= `"7-8"`).
///
/// Parsing checks the syntax only (non-negative integers, `start ≤ end`); `rows(styleCount:)` and
/// `validated(styleCount:)` check the rows against a model's `n_styles` (W+ rows `0…n_styles-1`).
/// The value is the set of rows: `"0-3,2-5"` equals `"0-5"`, and `description` prints the merged,
/// sorted ranges (`LayerRange(parsing: r.description) == r` for every range).
public struct LayerRange: Sendable, Hashable, CustomStringConvertible {
    /// Every row of whatever model the edit is applied to.
    public static let all = LayerRange(spans: nil)

    /// Sorted, merged, non-adjacent inclusive spans; nil for `all`.
    public let spans: [ClosedRange<Int>]?

    private init(spans: [ClosedRange<Int>]?) { self.spans = spans }

    /// The rows `rows` (any order, duplicates allowed; must be ≥ 0 and non-empty).
    public init(rows: [Int]) throws {
        guard !rows.isEmpty else { throw LayerRangeError.empty(text: "") }
        if let bad = rows.first(where: { $0 < 0 }) {
            throw LayerRangeError.malformedPart(text: rows.map(String.init).joined(separator: ","), part: String(bad),
                                                reason: "rows are numbered from 0")
        }
        self.init(spans: LayerRange.merge(rows.map { $0...$0 }))
    }

    /// The inclusive span `range` (e.g. `4...5`); rows must be ≥ 0.
    public init(_ range: ClosedRange<Int>) throws {
        guard range.lowerBound >= 0 else {
            throw LayerRangeError.malformedPart(text: "\(range.lowerBound)-\(range.upperBound)", part: "\(range.lowerBound)",
                                                reason: "rows are numbered from 0")
        }
        self.init(spans: [range])
    }

    /// Parses `"all"`, `"7"`, `"4-5"`, `"0-3,8"`, `"7:9"` (exclusive end; spaces around parts are ignored). Syntax only.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw LayerRangeError.empty(text: text) }
        if trimmed.lowercased() == "all" { self = .all; return }
        var spans: [ClosedRange<Int>] = []
        for rawPart in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let part = rawPart.trimmingCharacters(in: .whitespaces)
            guard !part.isEmpty else {
                throw LayerRangeError.malformedPart(text: text, part: "", reason: "empty part (two commas, or a comma at an end)")
            }
            if part.contains(":") {
                let ends = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard ends.count == 2, let start = LayerRange.row(ends[0]), let stop = LayerRange.row(ends[1]) else {
                    throw LayerRangeError.malformedPart(
                        text: text, part: part, reason: "expected a slice START:END of row numbers ≥ 0 (END exclusive, as in Python)")
                }
                guard start < stop else {
                    throw LayerRangeError.malformedPart(text: text, part: part,
                                                        reason: "the slice \(start):\(stop) holds no rows (END is exclusive)")
                }
                spans.append(start...(stop - 1))
                continue
            }
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count <= 2, let start = LayerRange.row(bounds[0]), let end = LayerRange.row(bounds.last!) else {
                throw LayerRangeError.malformedPart(
                    text: text, part: part, reason: "expected a row number or an inclusive range START-END of row numbers ≥ 0")
            }
            guard start <= end else {
                throw LayerRangeError.malformedPart(text: text, part: part,
                                                    reason: "the range runs backwards (\(start) > \(end)); write \(end)-\(start)")
            }
            spans.append(start...end)
        }
        self.init(spans: LayerRange.merge(spans))
    }

    /// Parses and checks against a model with `styleCount` W+ rows.
    public init(parsing text: String, styleCount: Int) throws {
        self = try LayerRange(parsing: text).validated(styleCount: styleCount)
    }

    public var isAll: Bool { spans == nil }

    /// The rows for a model with `styleCount` W+ rows, ascending; throws `outOfRange` (naming the bad
    /// part and the valid rows) when a row is ≥ `styleCount`.
    public func rows(styleCount: Int) throws -> [Int] {
        try validated(styleCount: styleCount)
        guard let spans else { return Array(0..<styleCount) }
        return spans.flatMap { Array($0) }
    }

    /// The rows listed explicitly (ascending), nil for `all`.
    public var explicitRows: [Int]? { spans.map { $0.flatMap { Array($0) } } }

    /// `self` after checking every row is below `styleCount`.
    @discardableResult
    public func validated(styleCount: Int) throws -> LayerRange {
        precondition(styleCount >= 1, "styleCount \(styleCount)")
        if let spans, let bad = spans.first(where: { $0.upperBound >= styleCount }) {
            throw LayerRangeError.outOfRange(text: description, part: LayerRange.text(bad), styleCount: styleCount)
        }
        return self
    }

    /// `"all"` or the merged spans, `"0-3,8"`.
    public var description: String {
        guard let spans else { return "all" }
        return spans.map(LayerRange.text).joined(separator: ",")
    }

    static func text(_ span: ClosedRange<Int>) -> String {
        span.lowerBound == span.upperBound ? "\(span.lowerBound)" : "\(span.lowerBound)-\(span.upperBound)"
    }

    private static func row(_ s: String) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(s) else { return nil }
        return v
    }

    /// Sorts and merges overlapping or adjacent spans.
    private static func merge(_ spans: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var merged: [ClosedRange<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
