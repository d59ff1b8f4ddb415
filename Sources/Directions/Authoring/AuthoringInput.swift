import Checkpoints
import FileSupport
import Foundation
import TensorCore

/// Readers for the inputs of `directions train-boundary`.
public enum AuthoringInput {
    /// Latent codes from a `.npy` (or any file `StateDict.load` reads as one tensor): `[N, D]` or `[N, n, D]`;
    /// or a directory of per-sample `.npy` codes (as `restyle-edit generate --codes-only` writes them), stacked in
    /// file-name order: each `[D]` / `[1, D]` gives `[N, D]`, each `[n, D]` gives `[N, n, D]`; all must share a shape.
    public static func codes(_ url: URL) throws -> Tensor {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try stackedCodes(url)
        }
        let t = try readTensor(url)
        guard t.rank == 2 || t.rank == 3, t.shape.allSatisfy({ $0 >= 1 }) else { throw AuthoringError.codesShape(file: url.path, shape: t.shape) }
        return Tensor(shape: t.shape, values: t.scalars)
    }

    /// One float tensor of any shape from a NumPy/torch file.
    static func readTensor(_ url: URL) throws -> Tensor {
        let root: CheckpointValue
        do { root = try StateDict.load(url).root } catch {
            throw AuthoringError.unreadable(file: url.path, reason: "\(error)")
        }
        guard let stored = root.asTensor else {
            throw AuthoringError.unreadable(file: url.path, reason: "holds a \(root.kindName), not an array of codes")
        }
        let t: Tensor
        do { t = try stored.floatTensor(key: "") } catch { throw AuthoringError.unreadable(file: url.path, reason: "\(error)") }
        return t
    }

    /// The `.npy` files of `directory` (not hidden), by name, stacked.
    static func stackedCodes(_ directory: URL) throws -> Tensor {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".npy") }.sorted()
        } catch { throw AuthoringError.unreadable(file: directory.path, reason: error.localizedDescription) }
        guard !names.isEmpty else { throw AuthoringError.unreadable(file: directory.path, reason: "the directory holds no .npy codes") }
        var shape: [Int]?
        var values = [Float]()
        for name in names {
            let file = directory.appendingPathComponent(name)
            let t = try readTensor(file)
            var itemShape = t.shape
            if itemShape.count == 3, itemShape[0] == 1 { itemShape.removeFirst() }
            if itemShape.count == 2, itemShape[0] == 1 { itemShape.removeFirst() }
            guard itemShape.count <= 2 else { throw AuthoringError.codesShape(file: file.path, shape: t.shape) }
            if let shape, shape != itemShape {
                throw AuthoringError.unreadable(file: file.path, reason: "code shape \(t.shape) differs from the first file's \(shape) (\(names[0]))")
            }
            shape = itemShape
            values += t.scalars
        }
        return Tensor(shape: [names.count] + shape!, values: values)
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
        do {
            let data = try RegularFile.read(url, maximumBytes: 1 << 30)
            guard let t = String(data: data, encoding: .utf8) else {
                throw AuthoringError.scoresUnreadable(file: url.path, reason: "the file is not valid UTF-8 text")
            }
            text = t
        } catch let error as RegularFile.OpenError {
            throw AuthoringError.scoresUnreadable(file: url.path, reason: error.reason)
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

