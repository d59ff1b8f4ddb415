import FileSupport
import Foundation

/// True attributes per image file name, from a CSV with a `file` column and numeric attribute columns.
public struct StudyLabels: Sendable {
    public let values: [String: [String: Double]]

    public init(contentsOf url: URL) throws {
        let text: String
        do {
            let data = try RegularFile.read(url, maximumBytes: 1 << 30)
            guard let t = String(data: data, encoding: .utf8) else {
                throw StudyError.badOutput(path: url.path, reason: "the labels file is not valid UTF-8 text")
            }
            text = t
        } catch let error as RegularFile.OpenError {
            throw StudyError.badOutput(path: url.path, reason: "cannot read the labels file: \(error.reason)")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        guard let header = lines.first, let fileColumn = header.firstIndex(of: "file") else {
            throw StudyError.badOutput(path: url.path, reason: "the labels file needs a header with a \"file\" column")
        }
        var values: [String: [String: Double]] = [:]
        for (i, row) in lines.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count == header.count else {
                throw StudyError.badOutput(path: url.path, reason: "line \(i + 2): \(row.count) fields, the header has \(header.count)")
            }
            var entry: [String: Double] = [:]
            for (j, name) in header.enumerated() where j != fileColumn {
                guard let v = Double(row[j]) else { throw StudyError.badOutput(path: url.path, reason: "line \(i + 2), column \(name): \"\(row[j])\" is not a number") }
                entry[name] = v
            }
            values[row[fileColumn]] = entry
        }
        self.values = values
    }
}
