import ArgumentParser
import Checkpoints
import Foundation
import Workflows
import JSONCodec

/// `restyle-edit inspect FILE...`: the structure of checkpoints and arrays without loading them.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the structure, tensor keys, dtypes and shapes of checkpoint and array files.",
        discussion: """
        Reads PyTorch checkpoints (zip and legacy), .npy/.npz and .safetensors. Nothing is executed \
        (pickles are read through an allow-list) and nothing is copied (tensors are memory-mapped), \
        so multi-GB checkpoints inspect in well under a second.
        """)

    @Argument(help: "Checkpoint or array files.", completion: .file())
    var files: [String]

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Flag(help: "Only the summary and top-level structure, not every tensor.")
    var summary = false

    func run() throws {
        var reports: [CheckpointReport] = []
        var failures: [String] = []
        for path in files {
            do {
                let dict = try StateDict.load(URL(fileURLWithPath: path))
                reports.append(CheckpointReport(path: path, stateDict: dict))
            } catch {
                failures.append("\(error)")
                if !json { printError("\(error)") }
            }
        }
        if json {
            let value: JSONValue = .array(reports.map { $0.json(includeTensors: !summary) }
                + failures.map { .object(JSONObject([("error", .string($0))])) })
            print(value.serialized(pretty: true))
        } else {
            for (i, r) in reports.enumerated() {
                if i > 0 { print("") }
                print(r.text(includeTensors: !summary))
            }
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
