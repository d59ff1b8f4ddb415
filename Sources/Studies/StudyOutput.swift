import FileSupport
import Foundation
import JSONCodec

/// Writing and reading the files of an output directory.
public enum StudyOutput {
    public static let resultsName = "results.csv"
    public static let summaryName = "summary.json"
    public static let reportName = "report.html"
    public static let gridsDirectory = "grids"

    /// Writes `results.csv` (canonical order), `summary.json` and `report.html` atomically from the rows, cell records,
    /// metadata and grids of `directory`.
    public static func finish(directory: URL, metadata: StudyMetadata, rows: [StudyRow], records: [StudyCellRecord]) throws {
        // Summaries are computed from the rows as written (9 significant digits), so that a run and a merge of
        // its shards (which read rows back from CSV) give byte-identical summaries.
        let text = ResultsCSV.text(ResultsCSV.canonical(rows))
        let ordered = try ResultsCSV.parse(text, source: directory.appendingPathComponent(resultsName).path)
        try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(resultsName))
        let summary = StudySummary(rows: ordered, seed: metadata.seed)
        let bad = records.filter { $0.status == .bad }.sorted { $0.key < $1.key }
        let extra: [(String, JSONValue)] = [
            ("study", .string(metadata.name)), ("cells", .int(Int64(records.count))), ("rows", .int(Int64(ordered.count))),
            ("bad_images", .array(bad.map { .object(JSONObject([("image", .string($0.key.image)), ("inverter", .string($0.key.inverter)),
                                                                 ("reason", .string($0.note))])) })),
            ("notes", .array(metadata.notes.map(JSONValue.string))), ("bootstrap_resamples", .int(1000)),
        ]
        try AtomicFile.write(Data(summary.json(extra: extra).serialized(pretty: true).utf8), to: directory.appendingPathComponent(summaryName))
        let gridDir = directory.appendingPathComponent(gridsDirectory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: gridDir.path)) ?? []).filter { $0.hasSuffix(".png") }.sorted()
        let grids = names.compactMap { n -> (label: String, png: Data)? in
            guard let d = try? Data(contentsOf: gridDir.appendingPathComponent(n)) else { return nil }
            return (String(n.dropLast(4)).replacingOccurrences(of: "__", with: " × "), d)
        }
        let html = StudyReport.html(metadata: metadata, summary: summary, rows: ordered, bad: bad, grids: grids)
        try AtomicFile.write(Data(html.utf8), to: directory.appendingPathComponent(reportName))
    }

    /// Rebuilds summary and report of one output directory from its results (`restyle-edit study report`).
    public static func rebuild(directory: URL) throws {
        let (meta, rows, records) = try load(directory)
        try finish(directory: directory, metadata: meta, rows: rows, records: records)
    }

    /// The metadata, rows and cell records of an output directory (its finished cells only).
    public static func load(_ directory: URL) throws -> (StudyMetadata, [StudyRow], [StudyCellRecord]) {
        let metaURL = directory.appendingPathComponent(StudyMetadata.fileName)
        guard FileManager.default.fileExists(atPath: metaURL.path) else {
            throw StudyError.badOutput(path: directory.path, reason: "not a study output directory (no \(StudyMetadata.fileName))")
        }
        let meta = try StudyMetadata(contentsOf: metaURL)
        let store = try StudyCellStore(directory: directory)
        return (meta, store.rows, Array(store.records.values))
    }

    /// Combines shard directories into `output`: rows and cell records (a cell done in two shards is kept once), grids;
    /// then writes results, summary and report. Returns the number of cells.
    @discardableResult
    public static func merge(_ directories: [URL], into output: URL) throws -> Int {
        guard !directories.isEmpty else { throw StudyError.noCells(reason: "no directories to merge") }
        let fm = FileManager.default
        var meta: StudyMetadata? = nil
        var records: [StudyCellKey: StudyCellRecord] = [:]
        var rows: [StudyRow] = []
        try fm.createDirectory(at: output.appendingPathComponent(gridsDirectory), withIntermediateDirectories: true)
        for dir in directories {
            let (m, r, recs) = try load(dir)
            if meta == nil { meta = m } else if m.name != meta!.name || m.inverters != meta!.inverters {
                throw StudyError.badOutput(path: dir.path, reason: "belongs to study \"\(m.name)\" (\(m.inverters)), not \"\(meta!.name)\" (\(meta!.inverters))")
            }
            if var merged = meta { merged.notes = Array(Set(merged.notes + m.notes)).sorted(); meta = merged }
            let fresh = Set(recs.map(\.key)).subtracting(records.keys)
            for rec in recs where fresh.contains(rec.key) { records[rec.key] = rec }
            rows += r.filter { fresh.contains($0.cell) }
            let gridDir = dir.appendingPathComponent(gridsDirectory)
            for name in (try? fm.contentsOfDirectory(atPath: gridDir.path)) ?? [] where name.hasSuffix(".png") {
                let target = output.appendingPathComponent(gridsDirectory).appendingPathComponent(name)
                if !fm.fileExists(atPath: target.path) {
                    try AtomicFile.write(try Data(contentsOf: gridDir.appendingPathComponent(name)), to: target)
                }
            }
        }
        try AtomicFile.write(Data(meta!.json.serialized(pretty: true).utf8), to: output.appendingPathComponent(StudyMetadata.fileName))
        // The merged directory is itself a resumable store: rewrite its partial results and cell index.
        let sortedRecords = records.values.sorted { $0.key < $1.key }
        try AtomicFile.write(Data(ResultsCSV.text(ResultsCSV.canonical(rows)).utf8), to: output.appendingPathComponent(StudyCellStore.partialName))
        try AtomicFile.write(Data(sortedRecords.map(\.line).joined().utf8), to: output.appendingPathComponent(StudyCellStore.cellsName))
        try finish(directory: output, metadata: meta!, rows: rows, records: sortedRecords)
        return records.count
    }
}
