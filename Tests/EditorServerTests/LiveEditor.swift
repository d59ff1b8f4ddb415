import EditorServer
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `restyle-edit serve`'s application listening on a free loopback port, driven over real HTTP (URLSession), as the
/// page drives it. `stop()` ends the server.
final class LiveEditor: @unchecked Sendable {
    let port: Int
    private let task: Task<Void, Error>

    init(engine: EditorEngine) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Cancelling the server task (stop) is not a graceful shutdown, which Hummingbird logs as errors: keep it quiet.
        let app = try EditorServer.application(engine: engine, logLevel: .critical) { port in continuation.yield(port) }
        task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw URLError(.cannotConnectToHost) }
        self.port = port
    }

    func stop() { task.cancel() }

    /// status, content type and body of one request.
    func request(_ path: String, method: String = "GET", body: Data? = nil, type: String? = nil) async throws
        -> (status: Int, type: String, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if let type { request.setValue(type, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", data)
    }
}
