/// Rules for direction names (plugin names, bare file stems): non-empty ASCII letters, digits, `_`, `-`
/// and `.`, not starting with `.` or `-`. `#` is reserved for GANSpace components (`ffhq_pca#3`).
/// These names are safe in file names (`face.smile+2.png`).
public enum DirectionName {
    /// Throws `DirectionError.invalidName` when `name` breaks the rules.
    public static func validate(_ name: String) throws {
        guard !name.isEmpty else { throw DirectionError.invalidName(name: name, reason: "the name is empty") }
        if name.hasPrefix(".") || name.hasPrefix("-") {
            throw DirectionError.invalidName(name: name, reason: "a name may not start with '.' or '-'")
        }
        if let bad = name.unicodeScalars.first(where: { !isAllowed($0) }) {
            throw DirectionError.invalidName(
                name: name, reason: "'\(bad)' is not allowed; use ASCII letters, digits, '_', '-' and '.'")
        }
    }

    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "."
    }

    /// Case-insensitive key for lookups and clashes.
    static func key(_ name: String) -> String { name.lowercased() }

    /// Levenshtein distance between two strings (by Unicode scalar).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// Up to `limit` of `candidates` closest to `query` (case-insensitive): names containing the query (or
    /// contained in it) first, then by edit distance; names further than max(2, ⌈|query|/2⌉) edits and not
    /// containing it are left out.
    public static func suggestions(for query: String, among candidates: [String], limit: Int = 3) -> [String] {
        let q = key(query)
        let threshold = max(2, (q.count + 1) / 2)
        var scored: [(contains: Bool, distance: Int, name: String)] = []
        for name in candidates {
            let k = key(name)
            let contains = !q.isEmpty && (k.contains(q) || q.contains(k))
            let distance = editDistance(q, k)
            if contains || distance <= threshold { scored.append((contains, distance, name)) }
        }
        scored.sort {
            if $0.contains != $1.contains { return $0.contains }
            if $0.distance != $1.distance { return $0.distance < $1.distance }
            return $0.name < $1.name
        }
        return Array(scored.prefix(limit).map(\.name))
    }
}
