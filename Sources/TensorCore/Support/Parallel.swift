import Foundation

/// A raw read-only float pointer that may cross into `concurrentPerform` closures.
/// The caller guarantees the memory outlives the parallel region.
public struct SendableConstPointer: @unchecked Sendable {
    public let base: UnsafePointer<Float>
    public init(_ base: UnsafePointer<Float>) { self.base = base }
}

/// A raw mutable float pointer that may cross into `concurrentPerform` closures.
/// The caller guarantees the memory outlives the parallel region and that workers write disjoint ranges.
public struct SendableMutablePointer: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Float>
    public init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}

/// Work distribution over the machine's cores.
///
/// **Determinism.** How work is cut into slices never depends on how many workers run it: every kernel that splits
/// a product (GEMM column/row slices, conv tiles and bands) plans with `sliceCount`, a constant, so the cut is a
/// function of the shape alone. The slices then run on however many workers there are — concurrently on two cores,
/// one after the other on one core (`RESTYLE_THREADS=1`) or inside another region (a study's `--jobs`, a batch
/// split across samples) — and each slice computes the same floats either way. Results are therefore bit-identical
/// whatever the thread count, `--jobs` or batch split.
///
/// Regions do not nest: a loop started from inside a worker runs serially on that worker (the cores are already
/// busy). All TensorCore threading goes through here; OpenBLAS itself runs single-threaded (see `GEMM`).
public enum Parallel {
    /// Slices a splittable product is cut into (then run on `workerCount` workers). A constant, so the cut depends
    /// on shapes only; 2 = the cores of every machine this project runs on.
    public static let sliceCount = 2

    /// The machine's worker count: `RESTYLE_THREADS` when set to a positive integer, else the active processor count.
    public static let defaultWorkerCount: Int = {
        if let text = ProcessInfo.processInfo.environment["RESTYLE_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    nonisolated(unsafe) private static var workerOverride: Int? = nil

    /// Number of worker threads used by TensorCore's own loops (`defaultWorkerCount` unless overridden by
    /// `withWorkerCount`). Changes how many threads run the slices, never what they compute.
    public static var workerCount: Int { workerOverride ?? defaultWorkerCount }

    /// Runs `body` with `workerCount` set to `count` (≥ 1): for tests that compare one core with two. Not for use
    /// while other threads run kernels.
    public static func withWorkerCount<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let saved = workerOverride
        workerOverride = max(1, count)
        defer { workerOverride = saved }
        return try body()
    }

    /// Below this many scalar operations a loop runs on the calling thread.
    public static let minimumParallelWork = 1 << 15

    /// Thread-local marker of "running inside a parallel region".
    private static let regionKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// True on a thread that is running a worker of `forEach`/`forEachRange`/`region`.
    public static var isInsideRegion: Bool { pthread_getspecific(regionKey) != nil }

    /// Runs `body(w)` for each `w` in `0..<workers` concurrently (serially when nested, when `workers` ≤ 1 or on
    /// one worker), marking the workers as inside a region.
    public static func region(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        guard workers > 0 else { return }
        if workers == 1 || isInsideRegion || workerCount == 1 {
            for w in 0..<workers { body(w) }
            return
        }
        let precision = SendableRawPointer(Precision.state)      // workers compute in the caller's precision
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let previous = pthread_getspecific(regionKey)
            pthread_setspecific(regionKey, UnsafeRawPointer(bitPattern: 1))
            defer { pthread_setspecific(regionKey, previous) }
            Precision.withState(precision.pointer) { body(w) }
        }
    }

    /// Runs `body(i)` for `i` in `0..<count`, split into at most `workerCount` contiguous chunks when
    /// `count · workPerItem` is large enough to be worth the threads; otherwise serially.
    public static func forEach(_ count: Int, workPerItem: Int = 1 << 12, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(workerCount, count)
        if workers <= 1 || count * max(workPerItem, 1) < minimumParallelWork || isInsideRegion {
            for i in 0..<count { body(i) }
            return
        }
        region(workers) { w in
            let start = count * w / workers, end = count * (w + 1) / workers
            for i in start..<end { body(i) }
        }
    }

    /// Splits `0..<count` into at most `workerCount` contiguous ranges and runs `body(range)` for each,
    /// in parallel when `count · workPerItem` is large enough. Lets each worker own its scratch.
    public static func forEachRange(_ count: Int, workPerItem: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let workers = min(workerCount, count)
        if workers <= 1 || count * max(workPerItem, 1) < minimumParallelWork {
            body(0..<count)
            return
        }
        forEach(workers, workPerItem: count * workPerItem / workers) { w in
            body((count * w / workers)..<(count * (w + 1) / workers))
        }
    }
}

/// The caller's precision setting, handed to `Parallel`'s workers.
struct SendableRawPointer: @unchecked Sendable {
    let pointer: UnsafeRawPointer?
    init(_ pointer: UnsafeRawPointer?) { self.pointer = pointer }
}
