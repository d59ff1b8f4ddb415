import FileSupport
import Foundation
import ImageCodecs
import Inversion
import JSONCodec
import TensorCore

/// Progress of a run, reported after each cell.
public struct StudyProgress: Sendable {
    public var done: Int
    public var total: Int
    public var cell: StudyCellKey
    public var ok: Bool
    /// Cells skipped because an earlier run finished them.
    public var resumed: Int
}

/// What a run did.
public struct StudyRunSummary: Sendable {
    /// Cells of this shard (after `limit`).
    public var cells: Int
    /// Cells computed by this run.
    public var computed: Int
    /// Cells skipped because a previous run had finished them.
    public var resumed: Int
    public var badImages: [StudyCellRecord]
    public var notes: [String]
    public var output: URL
}

/// Runs a study: checks inputs, loads inverters, measures every cell not yet done (resumable, shardable) and writes
/// `results.csv`, `summary.json` and `report.html` into the output directory.
///
///     let spec = try StudySpec(contentsOf: URL(fileURLWithPath: "examples/studies/fixture-smoke.json"))
///     let result = try StudyRunner(spec: spec).run()
///
/// Parallelism: `jobs` cells (default 2) run at once on their own threads; TensorCore's kernels are multi-threaded
/// too, but the small 64 px models are mostly below their parallel threshold, so cell-level threads are what keep
/// both cores busy. Output files do not depend on `jobs`.
public final class StudyRunner {
    public let spec: StudySpec
    public let attributeNetwork: AttributeNetwork?
    /// Called after every cell (on the running thread).
    public var progress: ((StudyProgress) -> Void)?
    /// Prepares each decoded photo before the encoder sees it (the CLI's face detection and FFHQ crop, `--align`):
    /// photo, its file, the inverter's model → the image to invert. Called from several cells at once. A thrown
    /// error (e.g. no face found) makes the cell a `bad` record naming the file.
    public var preprocess: (@Sendable (RGBImage, URL, ReStyleModel) throws -> RGBImage)?

    public init(spec: StudySpec, attributeNetwork: AttributeNetwork? = nil) {
        self.spec = spec
        self.attributeNetwork = attributeNetwork
    }

    /// The cells of the study in order (images × inverters), restricted to the first `limit` images and to `shard`.
    public func cells(images: [URL], shard: StudyShard, limit: Int?) -> [(key: StudyCellKey, image: URL, inverter: Int)] {
        let chosen = limit.map { Array(images.prefix(max($0, 0))) } ?? images
        var out: [(StudyCellKey, URL, Int)] = []
        var index = 0
        for url in chosen {
            for (i, inv) in spec.inverters.enumerated() {
                if shard.contains(cellIndex: index) { out.append((StudyCellKey(image: url.lastPathComponent, inverter: inv.name), url, i)) }
                index += 1
            }
        }
        return out
    }

    /// Notes on metrics that cannot be measured in this run.
    public var notes: [String] {
        var notes: [String] = []
        if attributeNetwork == nil {
            for m in spec.metrics where m.needsAttributeNetwork {
                notes.append("\(m.rawValue) skipped: needs the shipped attribute network (models/synthetic-faces-64), not available yet")
            }
        }
        if attributeNetwork != nil && spec.trueAttributes == nil && spec.metrics.contains(.attributeError) {
            notes.append("attribute_error skipped: the study gives no true attributes (\"labels\")")
        }
        if spec.directions.isEmpty {
            for m in spec.metrics where !m.isPerStep && !m.needsAttributeNetwork { notes.append("\(m.rawValue) skipped: the study lists no directions") }
        }
        return notes
    }

    /// One cell: decode (a bad image becomes a `bad` record), invert, measure, write its grid.
    static func measure(cell: (key: StudyCellKey, image: URL, inverter: Int), inverter inv: StudyInverter, measurer: StudyCellMeasurer,
                        truth: [String: Double]?, grid: Bool, output out: URL,
                        preprocess: (@Sendable (RGBImage, URL, ReStyleModel) throws -> RGBImage)? = nil) throws -> (StudyCellRecord, [StudyRow]) {
        let started = Date()
        do {
            let decoded = try ImageFile.decode(contentsOf: cell.image)
            let image: RGBImage
            do {
                image = try preprocess?(decoded, cell.image, inv.model) ?? decoded
            } catch {
                let note = "\(error)".contains(cell.image.path) ? "\(error)" : "\(cell.image.path): \(error)"
                return (StudyCellRecord(key: cell.key, status: .bad, seconds: 0, rowCount: 0, note: note), [])
            }
            let x = try EncoderInput(height: inv.model.inputHeight, width: inv.model.inputWidth).tensor(for: image, file: cell.image.path)
            let result = try measurer.measure(image: cell.key.image, input: x, inverter: inv, grid: grid, truth: truth)
            if let panel = result.grid {
                let name = "\(cell.key.image)__\(cell.key.inverter).png"
                try RGBImage(tensor: panel).write(to: out.appendingPathComponent(StudyOutput.gridsDirectory).appendingPathComponent(name))
            }
            return (StudyCellRecord(key: cell.key, status: .ok, seconds: Date().timeIntervalSince(started), rowCount: result.rows.count), result.rows)
        } catch let error as ImageCodecError {
            return (StudyCellRecord(key: cell.key, status: .bad, seconds: 0, rowCount: 0, note: "\(error)"), [])
        } catch let error as EncoderInput.InputError {
            return (StudyCellRecord(key: cell.key, status: .bad, seconds: 0, rowCount: 0, note: "\(error)"), [])
        }
    }

    /// Runs the cells of `shard` (first `limit` images) not finished in `output` (default: the study's), then writes
    /// results, summary and report. `jobs`: cells measured at once (default 2: both cores of a small machine; each
    /// cell holds one model's activations, so raise it only where memory allows).
    @discardableResult
    public func run(shard: StudyShard = .whole, limit: Int? = nil, output: URL? = nil, jobs: Int = 2) throws -> StudyRunSummary {
        let out = output ?? spec.output
        let images = try spec.checkInputs()
        let cells = self.cells(images: images, shard: shard, limit: limit)
        if cells.isEmpty {
            let reason: String
            if images.isEmpty, case .directory(let d) = spec.images { reason = "no .png/.jpg/.jpeg images in \(d.path)" }
            else if let l = limit, l <= 0 { reason = "--limit \(l) leaves no images" }
            else { reason = "shard \(shard) of \(images.count) image(s) × \(spec.inverters.count) inverter(s) is empty" }
            throw StudyError.noCells(reason: reason)
        }
        let measured = spec.metrics.filter { m in
            (!m.needsAttributeNetwork || attributeNetwork != nil) && (m != .attributeError || spec.trueAttributes != nil)
        }
        let labels = try spec.trueAttributes.map(StudyLabels.init(contentsOf:))
        guard !measured.isEmpty else { throw StudyError.noCells(reason: "every metric needs the attribute network, which is not available") }
        try checkSize(images: images.count, cells: cells.count)
        try StudyMemoryEstimate.checkRows(cells: cells.count, rowsPerCell: (0..<spec.inverters.count).map(rowsPerCell).max() ?? 0,
                                          file: spec.file)
        let store = try StudyCellStore(directory: out)
        try StudySettings(spec: spec, metrics: measured, attributeNetwork: attributeNetwork != nil)
            .check(directory: out, hasFinishedCells: !store.records.isEmpty, studyFile: spec.file)
        let todo = cells.filter { !store.isDone($0.key) }
        // Load only inverters that still have work (checkpoint errors surface before any cell runs).
        var inverters: [Int: StudyInverter] = [:]
        for i in Set(todo.map(\.inverter)).sorted() {
            inverters[i] = try Precision.with(spec.inverters[i].precision) {
                try StudyInverter(spec: spec.inverters[i], study: spec, attributeNetwork: attributeNetwork,
                                  concurrentCells: max(1, min(jobs, todo.count)))
            }
        }
        let metadata = StudyMetadata(name: spec.name, inverters: spec.inverters.map(\.name), directions: spec.directions.map(\.name),
                                     metrics: measured.map(\.rawValue), notes: notes, seed: spec.seed)
        try AtomicFile.write(Data(metadata.json.serialized(pretty: true).utf8), to: out.appendingPathComponent(StudyMetadata.fileName))

        let measurer = StudyCellMeasurer(metrics: measured, attributeNetwork: attributeNetwork)
        let gridImages = Set((limit.map { Array(images.prefix($0)) } ?? images).prefix(spec.gridImages).map(\.lastPathComponent))
        let resumed = cells.count - todo.count
        var done = resumed
        // `jobs` cells at a time (each on its own thread, its kernels serial inside it, see `Parallel.region`); results
        // are appended in cell order, so the files do not depend on `jobs`.
        let width = max(1, jobs)
        for start in stride(from: 0, to: todo.count, by: width) {
            let batch = Array(todo[start..<min(start + width, todo.count)])
            let outcomes = CellOutcomes(count: batch.count)
            let loaded = inverters, preprocess = self.preprocess
            Parallel.region(batch.count) { i in
                let cell = batch[i]
                let inverter = loaded[cell.inverter]!
                outcomes.set(i, Result { try Precision.with(inverter.spec.precision) {
                    try StudyRunner.measure(cell: cell, inverter: inverter, measurer: measurer, truth: labels?.values[cell.key.image],
                                            grid: gridImages.contains(cell.key.image), output: out, preprocess: preprocess)
                } })
            }
            for (i, cell) in batch.enumerated() {
                let (record, rows) = try outcomes.get(i).get()
                try store.append(record, rows: rows)
                done += 1
                progress?(StudyProgress(done: done, total: cells.count, cell: cell.key, ok: record.status == .ok, resumed: resumed))
            }
        }
        let allRecords = Array(store.records.values)
        try StudyOutput.finish(directory: out, metadata: metadata, rows: store.rows, records: allRecords)
        return StudyRunSummary(cells: cells.count, computed: todo.count, resumed: resumed,
                               badImages: allRecords.filter { $0.status == .bad }.sorted { $0.key < $1.key }, notes: notes, output: out)
    }
}

extension StudyRunner {
    /// The image count and the cell count against `StudyLimits` (a folder's images are only known here).
    func checkSize(images: Int, cells: Int) throws {
        try StudyLimits.check(images, StudyLimits.maximumImages, file: spec.file, keyPath: "images", what: "images")
        try StudyLimits.check(cells, StudyLimits.maximumCells, file: spec.file, keyPath: "images",
                              what: "cells (\(images) images × \(spec.inverters.count) inverters)")
    }

    /// An upper bound of the rows one cell of inverter `i` writes: per step count, every metric once per step and
    /// once per direction × strength.
    func rowsPerCell(_ i: Int) -> Int {
        let strengths = spec.directions.map(\.strengths.count).reduce(0, +)
        return spec.inverters[i].steps.count * spec.metrics.count * (1 + strengths)
    }
}

/// Per-slot results of one concurrent batch of cells.
final class CellOutcomes: @unchecked Sendable {
    private var slots: [Result<(StudyCellRecord, [StudyRow]), Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<(StudyCellRecord, [StudyRow]), Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<(StudyCellRecord, [StudyRow]), Error> { lock.lock(); defer { lock.unlock() }; return slots[i]! }
}
