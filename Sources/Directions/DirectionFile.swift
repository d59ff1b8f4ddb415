import Checkpoints
import FileSupport
import Foundation
import TensorCore

/// What a direction file holds.
public enum DirectionFileContent: Sendable {
    /// One direction: `[1, D]` or `[n_styles, D]` Float32 (any accepted input shape normalised), and how it was stored.
    case vector(Tensor, format: DirectionFormat)
    /// A GANSpace PCA dict.
    case pca(GANSpacePCA)
}

/// Readers for bare direction files, recognised by content (not by name; `.npz` is picked up by extension too):
/// - NumPy `.npy` (InterFaceGAN boundaries): `[D]` or `[1, D]` (also `[n_styles, D]`), float32 or float64;
/// - torch files holding one tensor (e4e / ReStyle `age.pt`, `pose.pt`): `[D]`, `[1, D]`, `[n_styles, D]`,
///   `[1, n_styles, D]` → `[n_styles, D]`; storages tagged `cuda:0` load on the CPU;
/// - GANSpace PCA dicts (`mean [1, D]`, `comp [K, 1, D]`, `std [K]`).
/// Every value must be finite; GANSpace standard deviations must be > 0.
public enum DirectionFile {
    /// Extensions of files picked up as bare directions when dropped into a directions directory.
    public static let extensions: Set<String> = ["npy", "npz", "pt", "pth"]

    /// Whether `url`'s extension marks a direction file.
    public static func isDirectionFile(_ url: URL) -> Bool { extensions.contains(url.pathExtension.lowercased()) }

    /// Reads `url`.
    public static func read(_ url: URL) throws -> DirectionFileContent {
        let file = url.path
        let stateDict: StateDict
        do { stateDict = try StateDict.load(url) } catch let error as CheckpointError {
            throw DirectionError.unreadable(file: file, reason: error.description)
        } catch {
            throw DirectionError.unreadable(file: file, reason: "\(error)")
        }
        let root = stateDict.root
        if let stored = root.asTensor {
            let isNumPy = startsWithNumPyMagic(url)
            let tensor = try vector(stored, file: file, what: isNumPy ? "the array" : "the tensor")
            return .vector(tensor, format: isNumPy ? .npy : .pt)
        }
        if let entries = root.asDict {
            let keys = Set(entries.map(\.key))
            if keys.isSuperset(of: ["mean", "comp", "std"]) { return .pca(try pca(root, url: url)) }
            let listing = entries.map { "\($0.key) (\($0.value.kindName))" }.joined(separator: ", ")
            throw DirectionError.invalidContent(
                file: file, reason: "a dict of \(listing) is not a direction: expected one tensor, or a GANSpace PCA dict with mean, comp and std")
        }
        throw DirectionError.invalidContent(file: file, reason: "holds a \(root.kindName), not a direction tensor")
    }

    /// Loads a single-vector file as a direction named `name` (default: the file's stem): all layers,
    /// strength 1, mode add, space `w` for one row and `w+` for `[n, D]`.
    /// A GANSpace PCA file throws `componentRequired` (use `GANSpacePCA.component(_:)` or `name#k`).
    public static func load(_ url: URL, name: String? = nil) throws -> Direction {
        let stem = name ?? url.deletingPathExtension().lastPathComponent
        switch try read(url) {
        case .vector(let tensor, let format):
            return Direction(name: stem, source: url, vector: tensor, format: format, space: tensor.shape[0] == 1 ? .w : .wPlus)
        case .pca(let pca):
            throw DirectionError.componentRequired(name: stem, file: url.path, count: pca.componentCount)
        }
    }

    static func startsWithNumPyMagic(_ url: URL) -> Bool {
        (try? RegularFile.readPrefix(url, count: 6)) == Data([0x93] + Array("NUMPY".utf8))
    }

    /// A stored direction tensor as an owned `[rows, D]` Float32 tensor.
    /// `[D]`, `[1, D]` → `[1, D]`; `[n, D]` → `[n, D]`; `[1, n, D]` → `[n, D]`.
    static func vector(_ stored: StoredTensor, file: String, what: String) throws -> Tensor {
        let shape = stored.shape
        let normalized: [Int]
        switch shape.count {
        case 1: normalized = [1, shape[0]]
        case 2: normalized = shape
        case 3 where shape[0] == 1: normalized = [shape[1], shape[2]]
        default:
            throw DirectionError.invalidContent(
                file: file, reason: "\(what) has shape \(shape); a direction is [D], [1, D], [n_styles, D] or [1, n_styles, D]")
        }
        guard normalized[0] >= 1, normalized[1] >= 1 else {
            throw DirectionError.invalidContent(file: file, reason: "\(what) has shape \(shape), which holds no values")
        }
        let tensor = try floatTensor(stored, file: file, key: "")
        let owned = Tensor(shape: normalized, values: tensor.scalars)
        try requireFinite(owned, file: file, what: what)
        return owned
    }

    static func floatTensor(_ stored: StoredTensor, file: String, key: String) throws -> Tensor {
        do { return try stored.floatTensor(key: key) } catch let error as CheckpointError {
            throw DirectionError.unreadable(file: file, reason: error.description)
        }
    }

    /// Reads and checks a GANSpace PCA dict.
    static func pca(_ root: CheckpointValue, url: URL) throws -> GANSpacePCA {
        let file = url.path
        func tensor(_ key: String) throws -> Tensor {
            guard let stored = root[key]?.asTensor else {
                throw DirectionError.invalidContent(file: file, reason: "GANSpace PCA key '\(key)' is a \(root[key]?.kindName ?? "missing value"), not a tensor")
            }
            let t = try floatTensor(stored, file: file, key: key)
            return Tensor(shape: t.shape, values: t.scalars)
        }
        let mean = try tensor("mean"), comp = try tensor("comp"), std = try tensor("std")
        let k = std.shape.first ?? 0
        let d = mean.shape.last ?? 0
        guard mean.shape == [1, d] || mean.shape == [d], d >= 1 else {
            throw DirectionError.invalidContent(file: file, reason: "GANSpace key 'mean' has shape \(mean.shape), expected [1, D]")
        }
        guard std.shape == [k], k >= 1 else {
            throw DirectionError.invalidContent(file: file, reason: "GANSpace key 'std' has shape \(std.shape), expected [K]")
        }
        guard comp.shape == [k, 1, d] || comp.shape == [k, d] else {
            throw DirectionError.invalidContent(
                file: file, reason: "GANSpace key 'comp' has shape \(comp.shape), expected [\(k), 1, \(d)] (K from 'std', D from 'mean')")
        }
        let mean2 = mean.reshaped([1, d]), comp2 = comp.reshaped([k, d])
        try requireFinite(mean2, file: file, what: "GANSpace 'mean'")
        try requireFinite(comp2, file: file, what: "GANSpace 'comp'")
        try requireFinite(std.reshaped([1, k]), file: file, what: "GANSpace 'std'")
        if let bad = std.scalars.firstIndex(where: { !($0 > 0) }) {
            throw DirectionError.invalidContent(
                file: file, reason: "GANSpace 'std'[\(bad)] is \(std.scalars[bad]); standard deviations must be > 0")
        }
        return GANSpacePCA(source: url, mean: mean2, components: comp2, standardDeviations: std.scalars)
    }

    /// Throws `nonFinite` (count, first row/column and value) when `tensor` `[rows, D]` holds NaN or ±Inf.
    static func requireFinite(_ tensor: Tensor, file: String, what: String) throws {
        let width = tensor.shape.last ?? 1
        var count = 0, first = -1
        tensor.withUnsafeBufferPointer { v in
            for i in 0..<v.count where !v[i].isFinite {
                if first < 0 { first = i }
                count += 1
            }
        }
        if count > 0 {
            throw DirectionError.nonFinite(file: file, what: what, count: count, row: first / width, column: first % width,
                                           value: tensor.scalars[first])
        }
    }
}
