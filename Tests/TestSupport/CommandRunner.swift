import Foundation

/// Runs the built `restyle-edit` binary (next to the test bundle) and captures its output.
public struct CommandResult {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum CommandRunner {
    /// Directory holding the built products (the test bundle's directory).
    public static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Runs `restyle-edit` with `arguments` in `directory` (default: the repository root).
    public static func run(_ arguments: [String], in directory: URL = TestPaths.repositoryRoot,
                           environment: [String: String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("restyle-edit")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
