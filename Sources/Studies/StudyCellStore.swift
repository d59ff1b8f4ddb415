import Foundation

/// What happened to a cell.
public struct StudyCellRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, bad }
    public var key: StudyCellKey
    public var status: Status
    public var seconds: Double
    public var rowCount: Int
    /// Why a bad image was skipped; empty otherwise.
    public var note: String

    public init(key: StudyCellKey, status: Status, seconds: Double, rowCount: Int, note: String = "") {
        self.key = key; self.status = status; self.seconds = seconds; self.rowCount = rowCount; self.note = note
    }

    var line: String {
        [key.image, key.inverter, status.rawValue, String(format: "%.3f", seconds), String(rowCount), note]
            .map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\t") + "\n"
    }

    init?(line: Substring) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 6, let status = Status(rawValue: f[2]), let s = Double(f[3]), let n = Int(f[4]) else { return nil }
        self.init(key: StudyCellKey(image: f[0], inverter: f[1]), status: status, seconds: s, rowCount: n, note: f[5])
    }
}

/// The resumable state of an output directory:
/// - `results.partial.csv`: the rows of every finished cell, each cell's rows added in one append after it completed;
/// - `cells.tsv`: one line per finished cell (`image, inverter, ok|bad, seconds, rows, note`), appended after its rows.
/// Both are fsync'd after each append. On open, rows of cells missing from `cells.tsv` (a crash between the two
/// appends) and a torn last line are dropped, so a finished cell is never recomputed and partial rows never survive.
public final class StudyCellStore {
    public static let partialName = "results.partial.csv"
    public static let cellsName = "cells.tsv"
    public let directory: URL
    public private(set) var records: [StudyCellKey: StudyCellRecord] = [:]
    public private(set) var rows: [StudyRow] = []

    public var partialURL: URL { directory.appendingPathComponent(Self.partialName) }
    public var cellsURL: URL { directory.appendingPathComponent(Self.cellsName) }

    public init(directory: URL) throws {
        self.directory = directory
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        if let text = try? String(contentsOf: cellsURL, encoding: .utf8) {
            let complete = text.hasSuffix("\n") ? text[...] : text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)]
            for line in complete.split(separator: "\n") { if let r = StudyCellRecord(line: line) { records[r.key] = r } }
            if complete.count != text.count { try Data(complete.utf8).write(to: cellsURL, options: .atomic) }
        }
        if let text = try? String(contentsOf: partialURL, encoding: .utf8) {
            let parsed = try ResultsCSV.parse(text, source: partialURL.path, strict: false)
            rows = parsed.filter { records[$0.cell]?.status == .ok }
            if rows.count != parsed.count || !text.hasSuffix("\n") || !text.hasPrefix(ResultsCSV.header) {
                try Data(ResultsCSV.text(rows).utf8).write(to: partialURL, options: .atomic)
            }
        } else {
            try Data((ResultsCSV.header + "\n").utf8).write(to: partialURL, options: .atomic)
        }
    }

    public func isDone(_ key: StudyCellKey) -> Bool { records[key] != nil }

    /// Appends a finished cell: its rows in one write (fsync), then its record (fsync).
    public func append(_ record: StudyCellRecord, rows cellRows: [StudyRow]) throws {
        if !cellRows.isEmpty { try Self.append(cellRows.map(ResultsCSV.line).joined(), to: partialURL) }
        try Self.append(record.line, to: cellsURL)
        records[record.key] = record
        rows += cellRows
    }

    static func append(_ text: String, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw StudyError.badOutput(path: url.path, reason: "cannot append: \(error)")
        }
    }
}
