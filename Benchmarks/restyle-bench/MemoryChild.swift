import Foundation

/// Runs this executable again as a memory-measuring child (`restyle-bench generator-memory …`,
/// `invert-memory …`), so the peak RSS covers only the child's own work. The child prints `rss_kb,N` and
/// `source,TEXT` lines; returns those values.
enum MemoryChild {
    static func measure(arguments: [String], mmapThreshold: Int?) throws -> (kilobytes: Int, source: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments + (mmapThreshold.map { ["--mmap-threshold", "\($0)"] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard process.terminationStatus == 0,
              let kb = lines.first(where: { $0.hasPrefix("rss_kb,") }).flatMap({ Int($0.dropFirst(7)) }),
              let source = lines.first(where: { $0.hasPrefix("source,") }).map({ String($0.dropFirst(7)) }) else {
            throw BenchmarkArgumentError(description: "memory child \(arguments.first ?? "") failed (status \(process.terminationStatus)): \(lines)")
        }
        return (kb, source)
    }
}
