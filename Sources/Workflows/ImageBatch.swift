import Foundation

/// The per-image loop of the batch commands (`invert`, the headline edit): runs `body` on every input image with
/// its output stem, advances the progress display, and when an image fails reports it (naming the file) and goes
/// on, so the good results are kept. Returns the failure messages.
public enum ImageBatch {
    public static func process(_ files: [URL], stems: [String], progress: ProgressReporter,
                        _ body: (_ file: URL, _ stem: String) throws -> Void) -> [String] {
        var failures: [String] = []
        for (file, stem) in zip(files, stems) {
            do {
                try body(file, stem)
                progress.advance(item: file.lastPathComponent)
            } catch {
                let message = "\(error)".contains(file.path) ? "\(error)" : "\(file.path): \(error)"
                failures.append(message)
                progress.note("skipped: \(message)")
                progress.advance(item: file.lastPathComponent, ok: false)
            }
        }
        return failures
    }
}
