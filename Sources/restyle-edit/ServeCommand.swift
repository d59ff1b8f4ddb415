import ArgumentParser
import EditorServer
import Foundation
import TensorCore
import Workflows

/// `restyle-edit serve`: the interactive editor in the browser (Hummingbird, `EditorServer`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "An editor in the browser: invert a face, drag one slider per direction, watch it regenerate.",
        discussion: """
        Serves one page and its JSON API (README: "The editor") on http://HOST:PORT/, loopback by default. With no \
        --checkpoint it opens the shipped model (its e4e and pSp encoders as far as they have shipped; with none, \
        faces are sampled from seeds). Photos are aligned as the main command aligns them. The page's "copy \
        command" gives the restyle-edit command line that makes the same edit. Ctrl-C stops the server.
        """)

    @Option(name: .long, help: ArgumentHelp("A ReStyle checkpoint (encoder + generator), or a generator-only checkpoint (faces from seeds).",
                                            valueName: "file"), completion: .file())
    var checkpoint: String?

    @OptionGroup var precision: PrecisionOptions
    @OptionGroup var search: DirectionSearchOptions

    @Option(help: ArgumentHelp("A folder of example faces the page lists (repeatable; default: the repository's examples/ and examples/faces/).",
                               valueName: "dir"), completion: .directory)
    var examples: [String] = []

    @Option(help: "Port to listen on (0: any free port, printed once listening).")
    var port: Int = 8080

    @Option(help: "Address to bind (127.0.0.1: this machine only; 0.0.0.0 opens the editor to the network).")
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Largest accepted upload, in MB.", valueName: "mb"))
    var maxUploadMb: Int = 20

    @Option(help: ArgumentHelp("Stride-2 unit indices of the encoder backbone, for small custom encoders (see invert --help).",
                               valueName: "i,j,..."))
    var stageStarts: String?

    @OptionGroup var landmarks: LandmarkModelOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535 (got \(port))") }
        guard (1...1024).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb must be 1 to 1024 (got \(maxUploadMb))") }
        if let stageStarts { _ = try EncoderOptions.parseStageStarts(stageStarts) }
    }

    func run() throws {
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            printError("warning: the editor has no authentication: anyone who can reach \(host):\(port) can use it and upload images to it")
        }
        try search.reportMissingDirectories()
        try ModelDirections.checkExplicit(examples, option: "--examples")
        var configuration = EditorConfiguration(landmarkModel: landmarks.path)
        configuration.host = host
        configuration.port = port
        configuration.maximumUploadBytes = maxUploadMb << 20
        configuration.precision = precision.precision
        if precision.precision == .bf16, let warning = Precision.bf16Warning { printError("warning: \(warning)") }
        configuration.stageStarts = try stageStarts.map(EncoderOptions.parseStageStarts)
        configuration.directionFolders = search.directories.map { URL(fileURLWithPath: $0) }
        configuration.examples = examples.isEmpty ? ShippedModel.exampleDirectories() : examples.map { URL(fileURLWithPath: $0) }
        if let checkpoint {
            let url = URL(fileURLWithPath: checkpoint)
            guard FileManager.default.fileExists(atPath: url.path) else { throw CLIError("--checkpoint \(checkpoint): no such file") }
            if (try? CheckpointKind.holdsEncoder(url)) == true {
                configuration.encoders = [.init(name: url.deletingPathExtension().lastPathComponent, checkpoint: url)]
            } else {
                configuration.generator = url
            }
        } else {
            try configuration.useShippedModel()
        }
        printError("loading \(configuration.generatorCheckpoint?.lastPathComponent ?? "the model") …")
        let engine = try EditorEngine(configuration: configuration)
        let host = self.host
        let finished = ServerOutcome()
        Task {
            do {
                try await EditorServer.run(engine: engine) { port in
                    printError("editor at http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/ (Ctrl-C to stop)")
                }
            } catch {
                finished.error = error
            }
            finished.done.signal()
        }
        finished.done.wait()
        if let error = finished.error { throw CLIError("the editor server stopped: \(error)") }
    }
}

/// How the server task ended (it runs on the concurrency pool while `run` waits).
private final class ServerOutcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var error: Error?
}
