import Foundation

/// Progress for batch commands on standard error: a redrawn bar with count, rate and ETA on a
/// terminal; one plain line per item otherwise (logs, CI).
public final class ProgressReporter {
    private let total: Int
    private let label: String
    private let start: Date
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var done = 0
    private var failed = 0

    /// `start`: when the work began (rates and ETAs count from it; a reporter made at the first finished item
    /// passes the run's start, not "now").
    public init(total: Int, label: String, start: Date = Date()) {
        self.total = total
        self.label = label
        self.start = start
    }

    /// Records one finished item (`ok == false` for a skipped/failed one) and redraws.
    public func advance(item: String, ok: Bool = true) {
        done += 1
        if !ok { failed += 1 }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let stats = String(format: "%d/%d %@, %.2f/s, ETA %@%@", done, total, label, rate, Self.clock(eta),
                           failed > 0 ? ", \(failed) failed" : "")
        if isTerminal {
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(stats)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            FileHandle.standardError.write(Data("[\(done)/\(total)] \(item)\(ok ? "" : " (failed)") — \(stats)\n".utf8))
        }
    }

    /// Prints a message without breaking the bar.
    public func note(_ message: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        printError(message)
    }

    /// Time since the reporter started, for summaries ("3.2 s", "1:05").
    public var elapsedText: String {
        let s = Date().timeIntervalSince(start)
        return s < 60 ? String(format: "%.1f s", s) : Self.clock(s)
    }

    public static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
