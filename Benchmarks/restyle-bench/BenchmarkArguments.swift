/// A bad `restyle-bench` argument; the message names the option.
struct BenchmarkArgumentError: Error, CustomStringConvertible {
    let description: String
}

/// A cursor over one bench mode's arguments, shared by every mode's option parser:
///
///     var args = BenchmarkArguments(arguments)
///     while let flag = args.next() {
///         switch flag {
///         case "--repeat": repeats = try args.positiveInteger(flag)
///         default: throw args.unknown(flag)
///         }
///     }
struct BenchmarkArguments {
    private let items: [String]
    private var index = -1

    init(_ items: [String]) { self.items = items }

    /// The next argument, or nil at the end.
    mutating func next() -> String? {
        index += 1
        return index < items.count ? items[index] : nil
    }

    /// The value after `flag`.
    mutating func text(_ flag: String) throws -> String {
        guard let v = next() else { throw BenchmarkArgumentError(description: "\(flag) needs a value") }
        return v
    }

    /// The integer after `flag`, at least `minimum`.
    mutating func integer(_ flag: String, minimum: Int) throws -> Int {
        guard let v = Int(try text(flag)), v >= minimum else {
            throw BenchmarkArgumentError(description: minimum == 1 ? "\(flag) needs a positive integer" : "\(flag) needs an integer ≥ \(minimum)")
        }
        return v
    }

    /// The positive integer after `flag`.
    mutating func positiveInteger(_ flag: String) throws -> Int { try integer(flag, minimum: 1) }

    /// The number after `flag`.
    mutating func number(_ flag: String) throws -> Double {
        guard let v = Double(try text(flag)) else { throw BenchmarkArgumentError(description: "\(flag) needs a number") }
        return v
    }

    /// Comma-separated positive integers after `flag`.
    mutating func positiveIntegers(_ flag: String) throws -> [Int] {
        let parsed = try text(flag).split(separator: ",").map { Int($0) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw BenchmarkArgumentError(description: "\(flag) takes positive integers, comma separated")
        }
        return parsed.map { $0! }
    }

    /// The error for an option the mode does not know.
    func unknown(_ flag: String) -> BenchmarkArgumentError {
        BenchmarkArgumentError(description: "unknown option '\(flag)'")
    }
}
