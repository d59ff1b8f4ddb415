import Checkpoints
import Foundation
import TensorCore

/// Readers for the inputs of `directions train-boundary`.
public enum AuthoringInput {
    /// Latent codes from a `.npy` (or any file `StateDict.load` reads as one tensor): `[N, D]` or `[N, n, D]`.
    public static func codes(_ url: URL) throws -> Tensor {
        let root: CheckpointValue
        do { root = try StateDict.load(url).root } catch {
            throw AuthoringError.unreadable(file: url.path, reason: "\(error)")
        }
        guard let stored = root.asTensor else {
            throw AuthoringError.unreadable(file: url.path, reason: "holds a \(root.kindName), not an array of codes")
        }
        let t: Tensor
        do { t = try stored.floatTensor(key: "") } catch { throw AuthoringError.unreadable(file: url.path, reason: "\(error)") }
        guard t.rank == 2 || t.rank == 3, t.shape.allSatisfy({ $0 >= 1 }) else { throw AuthoringError.codesShape(file: url.path, shape: t.shape) }
        return Tensor(shape: t.shape, values: t.scalars)
    }

    /// Scores: a `.npy` `[N]` or `[N, 1]`, or a text/CSV file (by extension `.csv`/`.txt`/`.tsv`, or content that is
    /// not NumPy): one number per line, or comma-separated columns with `column` naming one (a header name, or a
    /// 0-based index); a first line that is not numeric is a header. Empty cells and `nan` are NaN.
    public static func scores(_ url: URL, column: String? = nil) throws -> [Float] {
        let ext = url.pathExtension.lowercased()
        if ["csv", "txt", "tsv"].contains(ext) { return try textScores(url, column: column) }
        let root: CheckpointValue
        do { root = try StateDict.load(url).root } catch {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: "\(error)")
        }
        guard let stored = root.asTensor else {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: "holds a \(root.kindName), not an array of scores")
        }
        let t: Tensor
        do { t = try stored.floatTensor(key: "") } catch { throw AuthoringError.scoresUnreadable(file: url.path, reason: "\(error)") }
        guard t.rank == 1 || (t.rank == 2 && t.shape[1] == 1) else {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: "shape \(t.shape), expected [N] or [N, 1]")
        }
        return t.scalars
    }

    static func textScores(_ url: URL, column: String?) throws -> [Float] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: error.localizedDescription)
        }
        let separator: Character = url.pathExtension.lowercased() == "tsv" ? "\t" : ","
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw AuthoringError.scoresUnreadable(file: url.path, reason: "the file is empty") }
        func cells(_ line: String) -> [String] {
            line.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        func number(_ s: String) -> Float? { s.isEmpty || s.lowercased() == "nan" ? .nan : Float(s) }
        let first = cells(lines[0])
        let hasHeader = first.contains { number($0) == nil }
        let header = hasHeader ? first : []
        let width = first.count
        var index = 0
        if let column {
            if let i = Int(column), i >= 0, i < width { index = i }
            else if let i = header.firstIndex(of: column) { index = i }
            else {
                throw AuthoringError.scoresUnreadable(file: url.path, reason: "no column \"\(column)\" (columns: \(hasHeader ? header.joined(separator: ", ") : "0…\(width - 1)"))")
            }
        } else if width > 1 {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: "\(width) columns; choose one with --score-column (name or 0-based index)")
        }
        var values = [Float]()
        for (lineNumber, line) in lines.enumerated().dropFirst(hasHeader ? 1 : 0) {
            let c = cells(line)
            guard c.count == width else {
                throw AuthoringError.scoresUnreadable(file: url.path, reason: "line \(lineNumber + 1) has \(c.count) columns, expected \(width)")
            }
            guard let v = number(c[index]) else {
                throw AuthoringError.scoresUnreadable(file: url.path, reason: "line \(lineNumber + 1): \"\(c[index])\" is not a number")
            }
            values.append(v)
        }
        return values
    }
}

