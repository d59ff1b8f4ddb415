import FileSupport
import Foundation
import TensorCore

/// Everything that determines a study's rows besides the image itself, as `key = value` lines kept in the output
/// folder (`settings.txt`): per inverter its checkpoint (path, size, modification time), steps, bootstrap, initial
/// latent and stage starts; the directions with their strengths, layers and attributes; the metrics; the seed; the
/// W and attribute sample counts; the labels; whether an attribute network measures. A finished cell is reused on
/// resume only while these are unchanged: a changed study is refused with the difference named (start a new
/// `--output`, or delete the folder to recompute).
public struct StudySettings: Equatable, Sendable {
    public static let fileName = "settings.txt"
    public let lines: [(key: String, value: String)]

    public static func == (a: StudySettings, b: StudySettings) -> Bool {
        a.lines.map { "\($0.key)=\($0.value)" } == b.lines.map { "\($0.key)=\($0.value)" }
    }

    public init(spec: StudySpec, metrics: [StudyMetric], attributeNetwork: Bool) {
        var l: [(String, String)] = []
        func file(_ url: URL?) -> String {
            guard let url else { return "none" }
            let a = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = (a?[.size] as? NSNumber)?.int64Value ?? -1
            let time = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(url.standardizedFileURL.path) (\(size) bytes, modified \(Int64(time)))"
        }
        for (i, inv) in spec.inverters.enumerated() {
            let k = "inverters[\(i)]"
            l.append(("\(k).name", inv.name))
            l.append(("\(k).checkpoint", file(inv.checkpoint)))
            l.append(("\(k).steps", "\(inv.steps)"))
            l.append(("\(k).bootstrap", inv.bootstrap.map { "\(file($0.checkpoint)) for \($0.steps) steps" } ?? "none"))
            l.append(("\(k).init_latent", file(inv.initialLatent)))
            l.append(("\(k).stage_starts", inv.stageStarts.map { "\($0)" } ?? "inferred"))
            if inv.precision != .fp32 { l.append(("\(k).precision", inv.precision.rawValue)) }
        }
        for (i, d) in spec.directions.enumerated() {
            let k = "directions[\(i)]"
            l.append(("\(k).name", d.name))
            l.append(("\(k).strengths", "\(d.strengths)"))
            l.append(("\(k).layers", d.layers ?? "default"))
            l.append(("\(k).attribute", d.attribute ?? d.name))
        }
        l.append(("direction_dirs", spec.directionDirectories.map(\.path).joined(separator: ":")))
        l.append(("metrics", metrics.map(\.rawValue).joined(separator: ",")))
        l.append(("seed", "\(spec.seed)"))
        l.append(("w_samples", "\(spec.wSamples)"))
        l.append(("attribute_samples", "\(spec.attributeSamples)"))
        l.append(("labels", file(spec.trueAttributes)))
        l.append(("attribute_network", attributeNetwork ? "yes" : "no"))
        lines = l.map { (key: $0.0, value: $0.1.replacingOccurrences(of: "\n", with: " ")) }
    }

    init(lines: [(key: String, value: String)]) { self.lines = lines }

    var text: String { lines.map { "\($0.key) = \($0.value)\n" }.joined() }

    /// The settings saved in `directory`, nil when none were.
    public static func saved(in directory: URL) -> StudySettings? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8) else { return nil }
        let parsed = text.split(separator: "\n").compactMap { line -> (key: String, value: String)? in
            guard let r = line.range(of: " = ") else { return nil }
            return (String(line[..<r.lowerBound]), String(line[r.upperBound...]))
        }
        return StudySettings(lines: parsed)
    }

    /// What changed from `old` to `self`: `key: old → new` lines.
    public func differences(from old: StudySettings) -> [String] {
        let before = Dictionary(old.lines.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(lines.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for (k, v) in lines where before[k] != v { out.append("\(k): \(before[k] ?? "absent") → \(v)") }
        for (k, v) in old.lines where now[k] == nil { out.append("\(k): \(v) → absent") }
        return out
    }

    /// Checks `directory` against these settings before cells are reused: no finished cells, or the same settings
    /// (written when missing); otherwise `StudyError.badOutput` naming the differences.
    public func check(directory: URL, hasFinishedCells: Bool, studyFile: String) throws {
        if hasFinishedCells, let old = StudySettings.saved(in: directory), old != self {
            let diffs = differences(from: old)
            throw StudyError.badOutput(path: directory.path, reason: """
                holds cells of a run with other settings than \(studyFile) now gives (\(diffs.prefix(3).joined(separator: "; "))\
                \(diffs.count > 3 ? "; and \(diffs.count - 3) more" : "")): finished cells would not match; \
                use another --output, or delete the folder to recompute
                """)
        }
        try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(StudySettings.fileName))
    }
}
