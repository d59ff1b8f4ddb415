import Dispatch
import TensorCore

/// How `Generator.synthesize` spreads a batch over the cores. Results are identical in every mode.
public enum BatchParallelism: Equatable, Sendable {
    /// Samples in parallel for batches of at least 2 · `Parallel.workerCount` samples, else within each sample
    /// (on 2 cores at 256 px: batch 2 about equal, batch 4 about 20% faster across samples).
    case automatic
    /// One sample after the other; each conv uses every core (threaded BLAS, parallel im2col/col2im/blur).
    case withinSample
    /// The batch is split into one slice per core, each synthesised on its own thread with single-threaded BLAS.
    /// OpenBLAS's thread count is process-wide: it is set to 1 for the call and restored after, so avoid running
    /// other BLAS work concurrently with such a call.
    case acrossSamples

    func splitsSamples(batch: Int) -> Bool {
        guard Parallel.workerCount > 1, batch > 1 else { return false }
        switch self {
        case .automatic: return batch >= 2 * Parallel.workerCount
        case .withinSample: return false
        case .acrossSamples: return true
        }
    }
}

extension Generator {
    /// Splits the batch into `min(workers, B)` slices synthesised concurrently (each slice's kernels run serially
    /// inside its worker, see `Parallel`).
    /// wPlus: `[B, nLatent, D]` → `[B, 3, S, S]`.
    func synthesizeSamplesInParallel(wPlus: Tensor, noise: NoiseMode) throws -> Tensor {
        let b = wPlus.shape[0], n = nLatent, d = styleDim
        let slices = min(Parallel.workerCount, b)
        let bounds = (0...slices).map { b * $0 / slices }
        let results = SliceResults(count: slices)
        Parallel.region(slices) { i in
            let lo = bounds[i], hi = bounds[i + 1]
            var part = Tensor(zeros: [hi - lo, n, d])                                  // [B_i, nLatent, D]
            part.withUnsafeMutableBufferPointer { dst in
                wPlus.withUnsafeBufferPointer { src in dst.baseAddress!.update(from: src.baseAddress! + lo * n * d, count: (hi - lo) * n * d) }
            }
            results.set(i, Result { try synthesizeSlice(wPlus: part, noise: noise, firstSample: lo) })
        }
        let parts = try results.values.map { try $0!.get() }                          // [B_i, 3, S, S] each
        var out = Tensor(zeros: [b, 3, size, size])                                    // [B, 3, S, S]
        let perSample = 3 * size * size
        out.withUnsafeMutableBufferPointer { dst in
            for (i, p) in parts.enumerated() {
                p.withUnsafeBufferPointer { dst.baseAddress!.advanced(by: bounds[i] * perSample).update(from: $0.baseAddress!, count: $0.count) }
            }
        }
        return out
    }
}

/// Per-slice results written from concurrent workers (each index written once).
private final class SliceResults: @unchecked Sendable {
    private(set) var values: [Result<Tensor, Error>?]
    private let lock = NSLockLike()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Tensor, Error>) { lock.withLock { values[i] = r } }
}

/// A minimal mutex (Foundation-free).
private final class NSLockLike: @unchecked Sendable {
    private let queue = DispatchQueue(label: "StyleGAN2.SliceResults")
    func withLock(_ body: () -> Void) { queue.sync(execute: body) }
}
