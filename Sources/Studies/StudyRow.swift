import Foundation

/// One measurement: a row of `results.csv` (long format).
public struct StudyRow: Sendable, Equatable {
    public var image: String
    public var inverter: String
    public var steps: Int
    /// Empty for per-step metrics (reconstruction, latent statistics).
    public var direction: String
    /// nil for per-step metrics.
    public var strength: Float?
    public var metric: String
    public var value: Double

    public init(image: String, inverter: String, steps: Int, direction: String = "", strength: Float? = nil, metric: String, value: Double) {
        self.image = image; self.inverter = inverter; self.steps = steps; self.direction = direction
        self.strength = strength; self.metric = metric; self.value = value
    }

    /// The cell this row belongs to.
    public var cell: StudyCellKey { StudyCellKey(image: image, inverter: inverter) }
}

/// An image × inverter pair: the unit of work that is resumed and sharded.
public struct StudyCellKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var image: String
    public var inverter: String
    public init(image: String, inverter: String) { self.image = image; self.inverter = inverter }
    public static func < (a: Self, b: Self) -> Bool { (a.image, a.inverter) < (b.image, b.inverter) }
    public var description: String { "\(image) × \(inverter)" }
}

/// `results.csv`: header `image,inverter,steps,direction,strength,metric,value`; fields with a comma, quote or line
/// break are quoted (RFC 4180); values printed with 9 significant digits (`inf` for an infinite PSNR).
public enum ResultsCSV {
    public static let header = "image,inverter,steps,direction,strength,metric,value"

    public static func line(_ r: StudyRow) -> String {
        [quote(r.image), quote(r.inverter), String(r.steps), quote(r.direction),
         r.strength.map { String(format: "%g", Double($0)) } ?? "", r.metric, String(format: "%.9g", r.value)]
            .joined(separator: ",") + "\n"
    }

    public static func text(_ rows: [StudyRow]) -> String { header + "\n" + rows.map(line).joined() }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits CSV text into records of fields (quotes honoured). A last record without a line break is returned
    /// with `complete == false`.
    static func records(_ text: String) -> [(fields: [String], complete: Bool)] {
        var out: [(fields: [String], complete: Bool)] = []
        var fields: [String] = [], field = "", quoted = false, atStart = true
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                fields.append(field); out.append((fields, true)); fields = []; field = ""; atStart = true; continue
            } else { field.append(c) }
            atStart = false
        }
        if !atStart { fields.append(field); out.append((fields, false)) }
        return out
    }

    /// Parses complete rows; `strict` throws on a malformed row, otherwise malformed and incomplete rows are dropped.
    public static func parse(_ text: String, source: String, strict: Bool = true) throws -> [StudyRow] {
        var rows: [StudyRow] = []
        for (i, rec) in records(text).enumerated() {
            if i == 0 && rec.fields.joined(separator: ",") == header { continue }
            let f = rec.fields
            guard rec.complete, f.count == 7, let steps = Int(f[2]), let value = Double(f[6]),
                  f[4].isEmpty || Float(f[4]) != nil else {
                if strict && !(rec.fields == [""]) { throw StudyError.badOutput(path: source, reason: "line \(i + 1): malformed row \(f)") }
                continue
            }
            rows.append(StudyRow(image: f[0], inverter: f[1], steps: steps, direction: f[3],
                                 strength: f[4].isEmpty ? nil : Float(f[4]), metric: f[5], value: value))
        }
        return rows
    }

    /// Rows in the canonical order: by cell (image, inverter), keeping the order within a cell.
    public static func canonical(_ rows: [StudyRow]) -> [StudyRow] {
        rows.enumerated().sorted { a, b in
            a.element.cell == b.element.cell ? a.offset < b.offset : a.element.cell < b.element.cell
        }.map(\.element)
    }
}
