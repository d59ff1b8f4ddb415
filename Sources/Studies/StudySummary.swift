import Foundation
import JSONCodec

/// Aggregates of `results.csv` per inverter × steps × direction × strength × metric: mean, standard deviation
/// (n − 1), n, and a 95% percentile bootstrap confidence interval of the mean (1000 seeded resamples).
public struct StudySummary: Sendable {
    public struct Group: Sendable, Equatable {
        public var inverter: String
        public var steps: Int
        public var direction: String
        public var strength: Float?
        public var metric: String
        public var mean: Double
        public var std: Double
        public var n: Int
        public var ciLow: Double
        public var ciHigh: Double
    }

    public var groups: [Group]

    public init(rows: [StudyRow], seed: UInt64 = 0, resamples: Int = 1000) {
        var order: [String] = []
        var buckets: [String: (StudyRow, [Double])] = [:]
        for r in rows {
            let key = "\(r.inverter)\u{1}\(r.steps)\u{1}\(r.direction)\u{1}\(r.strength.map { "\($0)" } ?? "")\u{1}\(r.metric)"
            if buckets[key] == nil { order.append(key); buckets[key] = (r, []) }
            buckets[key]!.1.append(r.value)
        }
        groups = order.enumerated().map { index, key in
            let (r, values) = buckets[key]!
            let finite = values.filter(\.isFinite)
            let n = finite.count
            let mean = n > 0 ? finite.reduce(0, +) / Double(n) : .nan
            let std = n > 1 ? (finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot() : 0
            let (lo, hi) = StudySummary.bootstrapCI(finite, seed: seed &+ UInt64(index), resamples: resamples)
            return Group(inverter: r.inverter, steps: r.steps, direction: r.direction, strength: r.strength, metric: r.metric,
                         mean: mean, std: std, n: n, ciLow: lo, ciHigh: hi)
        }
        groups.sort { ($0.metric, $0.inverter, $0.direction, $0.strength ?? -.infinity, $0.steps)
                    < ($1.metric, $1.inverter, $1.direction, $1.strength ?? -.infinity, $1.steps) }
    }

    /// 2.5th and 97.5th percentiles of the means of `resamples` resamples (with replacement) of `values`,
    /// drawn with a SplitMix64 generator seeded by `seed`. NaN for no values.
    public static func bootstrapCI(_ values: [Double], seed: UInt64, resamples: Int = 1000) -> (Double, Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let n = values.count
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var s = 0.0
            for _ in 0..<n { s += values[Int(next() % UInt64(n))] }
            means.append(s / Double(n))
        }
        means.sort()
        func at(_ q: Double) -> Double { means[min(max(Int((q * Double(resamples - 1)).rounded()), 0), resamples - 1)] }
        return (at(0.025), at(0.975))
    }

    /// `{"groups": [{inverter, steps, direction, strength, metric, mean, std, n, ci95: [lo, hi]}], ...extra}`.
    public func json(extra: [(String, JSONValue)] = []) -> JSONValue {
        func num(_ d: Double) -> JSONValue { d.isFinite ? .double(d) : .null }
        let list: [JSONValue] = groups.map { g in
            .object(JSONObject([
                ("inverter", .string(g.inverter)), ("steps", .int(Int64(g.steps))),
                ("direction", g.direction.isEmpty ? .null : .string(g.direction)),
                ("strength", g.strength.map { .double(Double($0)) } ?? .null), ("metric", .string(g.metric)),
                ("mean", num(g.mean)), ("std", num(g.std)), ("n", .int(Int64(g.n))), ("ci95", .array([num(g.ciLow), num(g.ciHigh)])),
            ]))
        }
        return .object(JSONObject(extra + [("groups", .array(list))]))
    }
}
