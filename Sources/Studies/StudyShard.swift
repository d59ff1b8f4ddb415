/// Shard K of N (1-based): cell i (in study order: images × inverters) belongs to shard `i mod N + 1`.
public struct StudyShard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int
    public static let whole = StudyShard(uncheckedIndex: 1, count: 1)

    init(uncheckedIndex: Int, count: Int) { self.index = uncheckedIndex; self.count = count }

    /// `"K/N"` with 1 ≤ K ≤ N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { throw StudyError.badShard(text: text) }
        self.init(uncheckedIndex: k, count: n)
    }

    public func contains(cellIndex i: Int) -> Bool { i % count == index - 1 }
    public var description: String { "\(index)/\(count)" }
}
