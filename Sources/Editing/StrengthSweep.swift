import Foundation

/// The strengths of a sweep (`--sweep`): `"START:STOP:COUNT"`, COUNT evenly spaced values from START to STOP
/// inclusive (`"-3:3:7"` → -3, -2, -1, 0, 1, 2, 3; STOP < START runs downwards), or a list `"0,1,2"` (one value
/// allowed). Values must be finite; COUNT is 1…`maximumCount`; COUNT 1 needs START = STOP (otherwise it is
/// ambiguous which end is meant).
public struct StrengthSweep: Sendable, Equatable, CustomStringConvertible {
    /// The largest number of strengths in one sweep.
    public static let maximumCount = 1000

    public let strengths: [Float]

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw EditError.invalidSweep(text: text, reason: "empty; expected START:STOP:COUNT (e.g. -3:3:7) or a list (e.g. 0,1,2)")
        }
        if trimmed.contains(":") {
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else {
                throw EditError.invalidSweep(text: text, reason: "expected START:STOP:COUNT with three parts, found \(parts.count)")
            }
            let start = try StrengthSweep.number(parts[0], text: text, what: "START")
            let stop = try StrengthSweep.number(parts[1], text: text, what: "STOP")
            guard let count = Int(parts[2]) else {
                throw EditError.invalidSweep(text: text, reason: "COUNT \"\(parts[2])\" is not a whole number")
            }
            try self.init(start: start, stop: stop, count: count, text: text)
        } else {
            let values = try trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                try StrengthSweep.number($0.trimmingCharacters(in: .whitespaces), text: text, what: "strength")
            }
            try self.init(values: values, text: text)
        }
    }

    /// `count` values from `start` to `stop` inclusive, evenly spaced (computed in Double, endpoints exact).
    public init(start: Float, stop: Float, count: Int) throws {
        try self.init(start: start, stop: stop, count: count, text: "\(start):\(stop):\(count)")
    }

    /// An explicit list of finite strengths (1…`maximumCount`).
    public init(values: [Float]) throws {
        try self.init(values: values, text: values.map { "\($0)" }.joined(separator: ","))
    }

    private init(start: Float, stop: Float, count: Int, text: String) throws {
        guard start.isFinite, stop.isFinite else {
            throw EditError.invalidSweep(text: text, reason: "START and STOP must be finite numbers")
        }
        guard count >= 1 else {
            throw EditError.invalidSweep(text: text, reason: "COUNT is \(count); a sweep needs at least 1 strength")
        }
        guard count <= StrengthSweep.maximumCount else {
            throw EditError.invalidSweep(text: text, reason: "COUNT \(count) is more than \(StrengthSweep.maximumCount) strengths")
        }
        if count == 1 {
            guard start == stop else {
                throw EditError.invalidSweep(
                    text: text, reason: "COUNT 1 with START \(start) ≠ STOP \(stop) is ambiguous; give one strength (e.g. \"\(stop)\") or COUNT ≥ 2")
            }
            strengths = [start]
            return
        }
        let a = Double(start), b = Double(stop), steps = Double(count - 1)
        strengths = (0..<count).map { i in i == count - 1 ? stop : Float(a + (b - a) * Double(i) / steps) }
    }

    private init(values: [Float], text: String) throws {
        guard !values.isEmpty else { throw EditError.invalidSweep(text: text, reason: "no strengths") }
        guard values.count <= StrengthSweep.maximumCount else {
            throw EditError.invalidSweep(text: text, reason: "\(values.count) strengths; at most \(StrengthSweep.maximumCount)")
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            throw EditError.invalidSweep(text: text, reason: "strength \(bad) is not a finite number")
        }
        strengths = values
    }

    private static func number(_ part: String, text: String, what: String) throws -> Float {
        guard !part.isEmpty, let value = Double(part), value.isFinite, Float(value).isFinite else {
            throw EditError.invalidSweep(text: text, reason: "\(what) \"\(part)\" is not a finite number")
        }
        return Float(value)
    }

    /// The strengths as a list, `-3,-2,-1,0,1,2,3`.
    public var description: String { strengths.map(EditName.strengthText).joined(separator: ",") }
}
