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

    /// An empty folder given as `RESTYLE_MODEL_DIR`, so commands see no shipped model.
    public static let noShippedModel: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("restyle-no-shipped-model")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The environment that makes commands use the repository's shipped model (`models/synthetic-faces-64`).
    public static let withShippedModel = ["RESTYLE_MODEL_DIR": TestPaths.repositoryRoot.appendingPathComponent("models/synthetic-faces-64").path]

    /// Runs `restyle-edit` with `arguments` in `directory` (default: the repository root), without the shipped
    /// model unless `environment` sets `RESTYLE_MODEL_DIR` (`withShippedModel`).
    /// With `timeout` (seconds), a run that has not ended by then is killed and reported with status -1 and
    /// stderr "timed out after N s" (a hang becomes a test failure, not a stuck suite).
    public static func run(_ arguments: [String], in directory: URL = TestPaths.repositoryRoot,
                           environment: [String: String]? = nil, timeout: TimeInterval? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("restyle-edit")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Without the shipped model unless a test asks for it (`withShippedModel`): the fixture models are the subject.
        process.environment = ProcessInfo.processInfo.environment
            .merging(["RESTYLE_MODEL_DIR": noShippedModel.path]) { $1 }
            .merging(environment ?? [:]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var timedOut = false
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { timedOut = true; kill(process.processIdentifier, SIGKILL) }
            }
        }
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if timedOut, let timeout {
            return CommandResult(status: -1, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: "timed out after \(Int(timeout)) s")
        }
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
