import Checkpoints
import Directions
import EditorServer
import Foundation
import JSONCodec
import TensorCore
import TestSupport

/// The toy ReStyle-e4e checkpoint (64 px, style dim 32) with one direction plugin, `smile` (a fixed random vector),
/// and its example face: what the editor tests serve, and what the CLI runs for comparison.
enum EditorFixture {
    static let checkpoint = TestPaths.fixtures.appendingPathComponent("toy-model/restyle_e4e.pt")
    static let examples = TestPaths.fixtures.appendingPathComponent("toy-model")
    static let example = "face.png"

    /// A fresh folder holding the `smile` plugin.
    static func plugins() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("restyle-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let vector = Tensor.randomNormal(shape: [32], seed: 7)
        let file = dir.appendingPathComponent("smile-vector.npy")
        try NumPyArrayFile.write(vector, to: file)
        try DirectionLibrary.importFile(file, name: "smile", description: "test direction", into: dir.appendingPathComponent("plugins"))
        return dir.appendingPathComponent("plugins")
    }

    static func configuration(plugins: URL, encoder: Bool = true) -> EditorConfiguration {
        var c = EditorConfiguration(landmarkModel: "/nonexistent/shape_predictor_68_face_landmarks.dat")
        if encoder {
            c.encoders = [.init(name: "e4e", checkpoint: checkpoint)]
        } else {
            c.generator = checkpoint
        }
        c.directionFolders = [plugins]
        c.examples = [examples]
        c.maximumStoredCodes = 4
        return c
    }

    /// A multipart/form-data body with text fields and an optional file field `image`.
    static func multipart(fields: [String: String], image: (name: String, bytes: Data)? = nil) -> (body: Data, type: String) {
        let boundary = "----restyle-test-boundary"
        var body = Data()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let image {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(image.name)\"\r\nContent-Type: image/png\r\n\r\n".utf8))
            body.append(image.bytes)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// The events of a `text/event-stream` body: (event name, data as JSON).
    static func events(_ text: String) throws -> [(String, JSONValue)] {
        try text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { block in
            var name = "", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return (name, try JSONValue.parse(data, source: "event \(name)"))
        }
    }

    /// The PNG bytes of a `data:image/png;base64,…` URL.
    static func png(dataURL: String) -> Data? {
        guard dataURL.hasPrefix("data:image/png;base64,") else { return nil }
        return Data(base64Encoded: String(dataURL.dropFirst("data:image/png;base64,".count)))
    }
}
