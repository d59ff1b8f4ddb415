import Foundation
import Hummingbird
import Logging
import NIOCore
import Workflows

/// `restyle-edit serve`: the editor page and its API on Hummingbird, bound to the configured host and port.
public enum EditorServer {
    /// The page (`Page/editor.html`: plain HTML, CSS and JavaScript, no build step).
    public static func page() throws -> Data {
        guard let url = Bundle.module.url(forResource: "editor", withExtension: "html", subdirectory: "Page") else {
            throw WorkflowError("the editor page (Page/editor.html) is missing from this build of restyle-edit")
        }
        return try Data(contentsOf: url)
    }

    /// The application for `engine`; `onRunning` gets the port once the server listens (useful with port 0).
    /// `logLevel`: Hummingbird's own messages at or above it reach standard output.
    public static func application(engine: EditorEngine, logLevel: Logger.Level = .warning,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        var logger = Logger(label: "restyle-edit.serve")
        logger.logLevel = logLevel
        let router = EditorRoutes.router(engine: engine, page: try page())
        let address = BindAddress.hostname(engine.configuration.host, port: engine.configuration.port)
        return Application(router: router, configuration: .init(address: address, serverName: "restyle-edit"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// Serves until the process is interrupted (SIGINT/SIGTERM end it cleanly).
    public static func run(engine: EditorEngine, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(engine: engine, onRunning: onRunning).runService()
    }
}
