import Dispatch
import Foundation
import Workflows

/// `ImageBatch` on several workers: each worker gets its own state from `makeWorker` (e.g. a dlib detector, which
/// is not thread-safe) and takes the next file until none are left. Progress and failures are recorded under a
/// lock, in completion order; returns the failure messages in input order.
enum ParallelBatch {
    private final class Shared: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var failures: [(Int, String)] = []
        var setupError: Error?
        let progress: ProgressReporter
        init(progress: ProgressReporter) { self.progress = progress }
    }

    static func process<Worker>(_ files: [URL], stems: [String], progress: ProgressReporter, workers: Int,
                                makeWorker: @escaping @Sendable () throws -> Worker,
                                _ body: @escaping @Sendable (Worker, URL, String) throws -> Void) throws -> [String] {
        let shared = Shared(progress: progress)
        let count = max(1, min(workers, files.count))
        let files = files, stems = stems
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            let worker: Worker
            do { worker = try makeWorker() } catch {
                shared.lock.lock(); shared.setupError = error; shared.lock.unlock()
                return
            }
            while true {
                shared.lock.lock()
                let i = shared.next
                shared.next += 1
                let stop = shared.setupError != nil
                shared.lock.unlock()
                guard i < files.count, !stop else { return }
                let file = files[i]
                do {
                    try body(worker, file, stems[i])
                    shared.lock.lock(); shared.progress.advance(item: file.lastPathComponent); shared.lock.unlock()
                } catch {
                    let message = "\(error)".contains(file.path) ? "\(error)" : "\(file.path): \(error)"
                    shared.lock.lock()
                    shared.failures.append((i, message))
                    shared.progress.note("skipped: \(message)")
                    shared.progress.advance(item: file.lastPathComponent, ok: false)
                    shared.lock.unlock()
                }
            }
        }
        if let error = shared.setupError { throw error }
        return shared.failures.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
