/// The Python literals allowed in a `.npy` header: the header is a dict literal
/// (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`). This parser knows strings,
/// integers, True/False/None, tuples, lists and dicts, nothing else: it never evaluates anything.
indirect enum NumPyHeaderLiteral: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([NumPyHeaderLiteral])
    case list([NumPyHeaderLiteral])
    case dict([(String, NumPyHeaderLiteral)])

    static func == (a: NumPyHeaderLiteral, b: NumPyHeaderLiteral) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.none, .none): return true
        case let (.tuple(x), .tuple(y)), let (.list(x), .list(y)): return x == y
        case let (.dict(x), .dict(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    struct ParseError: Error { let reason: String }

    /// Parses `text` as exactly one literal (surrounding whitespace allowed).
    static func parse(_ text: String) throws -> NumPyHeaderLiteral {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.scalars.count else {
            throw ParseError(reason: "unexpected '\(parser.scalars[parser.index])' after the header literal at character \(parser.index)")
        }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        /// Headers are flat; deep nesting is hostile.
        static let maxDepth = 16

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
        }

        func fail(_ what: String) -> ParseError {
            ParseError(reason: "\(what) at character \(index)")
        }

        mutating func value(depth: Int) throws -> NumPyHeaderLiteral {
            guard depth < Parser.maxDepth else { throw fail("header literal nested too deeply") }
            skipSpace()
            guard index < scalars.count else { throw fail("header ends where a value was expected") }
            let c = scalars[index]
            switch c {
            case "'", "\"": return .string(try string())
            case "{": return .dict(try dict(depth: depth))
            case "(":
                let (items, sawComma) = try sequence(close: ")", depth: depth)
                // `(x)` is just x in Python; `(x,)` is a one-tuple.
                if items.count == 1 && !sawComma { return items[0] }
                return .tuple(items)
            case "[": return .list(try sequence(close: "]", depth: depth).0)
            case "-", "+", "0"..."9": return .int(try integer())
            default:
                let word = identifier()
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                case "": throw fail("unexpected character '\(c)'")
                default: throw fail("'\(word)' is not a literal (names, calls and expressions are not allowed)")
                }
            }
        }

        mutating func identifier() -> String {
            var s = ""
            while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "_"
                    || ("0"..."9").contains(scalars[index]) {
                s.unicodeScalars.append(scalars[index]); index += 1
            }
            return s
        }

        mutating func integer() throws -> Int {
            var negative = false
            if scalars[index] == "-" || scalars[index] == "+" { negative = scalars[index] == "-"; index += 1 }
            var digits = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "_" {
                if scalars[index] != "_" { digits.unicodeScalars.append(scalars[index]) }
                index += 1
            }
            if index < scalars.count, scalars[index] == "L" { index += 1 }  // Python 2 longs
            guard !digits.isEmpty, let magnitude = Int(digits) else { throw fail("bad or out-of-range integer '\(digits)'") }
            return negative ? -magnitude : magnitude
        }

        mutating func string() throws -> String {
            let quote = scalars[index]
            index += 1
            var s = ""
            while index < scalars.count {
                let c = scalars[index]
                index += 1
                if c == quote { return s }
                if c == "\\" {
                    guard index < scalars.count else { break }
                    let e = scalars[index]
                    index += 1
                    switch e {
                    case "n": s += "\n"
                    case "t": s += "\t"
                    case "\\", "'", "\"": s.unicodeScalars.append(e)
                    default: throw fail("unsupported escape '\\\(e)' in a header string")
                    }
                } else {
                    s.unicodeScalars.append(c)
                }
            }
            throw fail("unterminated string in the header")
        }

        /// Items up to `close`, and whether any comma was seen.
        mutating func sequence(close: Unicode.Scalar, depth: Int) throws -> ([NumPyHeaderLiteral], Bool) {
            index += 1
            var items: [NumPyHeaderLiteral] = []
            var sawComma = false
            while true {
                skipSpace()
                guard index < scalars.count else { throw fail("header ends inside a sequence") }
                if scalars[index] == close { index += 1; return (items, sawComma) }
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < scalars.count else { throw fail("header ends inside a sequence") }
                if scalars[index] == "," { sawComma = true; index += 1 } else if scalars[index] != close {
                    throw fail("expected ',' or '\(close)'")
                }
            }
        }

        mutating func dict(depth: Int) throws -> [(String, NumPyHeaderLiteral)] {
            index += 1
            var entries: [(String, NumPyHeaderLiteral)] = []
            while true {
                skipSpace()
                guard index < scalars.count else { throw fail("header ends inside the dict") }
                if scalars[index] == "}" { index += 1; return entries }
                guard scalars[index] == "'" || scalars[index] == "\"" else { throw fail("dict keys must be strings") }
                let key = try string()
                skipSpace()
                guard index < scalars.count, scalars[index] == ":" else { throw fail("expected ':' after key '\(key)'") }
                index += 1
                entries.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard index < scalars.count else { throw fail("header ends inside the dict") }
                if scalars[index] == "," { index += 1 } else if scalars[index] != "}" { throw fail("expected ',' or '}'") }
            }
        }
    }
}
