import Foundation
import TensorCore

/// Reader for golden files written by `scripts/fixtures/golden.py` (see that file for the layout):
/// magic `RSEGOLD\0`, UInt32 version, UInt32 header length, JSON header, float32 data.
public struct GoldenFile {
    public static let supportedVersion: UInt32 = 1

    public let url: URL
    /// Format version from the file.
    public let version: UInt32
    /// The JSON header (script, seed, library versions, tensor table).
    public let header: [String: Any]
    private let tensorsByName: [String: Tensor]

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads `Tests/Fixtures/<relativePath>`.
    public init(fixture relativePath: String) throws {
        try self.init(url: TestPaths.fixtures.appendingPathComponent(relativePath))
    }

    public init(url: URL) throws {
        self.url = url
        let data = try Data(contentsOf: url)
        guard data.count >= 16, data.prefix(8) == Data("RSEGOLD\0".utf8) else {
            throw FormatError(description: "\(url.path): not a golden file (bad magic); rerun scripts/make-fixtures")
        }
        func u32(_ at: Int) -> UInt32 { data.subdata(in: at..<at + 4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
        version = u32(8)
        guard version == GoldenFile.supportedVersion else {
            throw FormatError(description: "\(url.path): golden version \(version), tests expect \(GoldenFile.supportedVersion); rerun scripts/make-fixtures")
        }
        let headerLength = Int(u32(12))
        guard 16 + headerLength <= data.count,
              let json = try JSONSerialization.jsonObject(with: data.subdata(in: 16..<16 + headerLength)) as? [String: Any],
              let table = json["tensors"] as? [[String: Any]] else {
            throw FormatError(description: "\(url.path): bad golden header")
        }
        header = json
        let dataStart = 16 + headerLength
        var tensors: [String: Tensor] = [:]
        for entry in table {
            guard let name = entry["name"] as? String, let shape = entry["shape"] as? [Int],
                  let offset = entry["offset"] as? Int else { throw FormatError(description: "\(url.path): bad tensor entry \(entry)") }
            let n = shape.reduce(1, *)
            let start = dataStart + offset
            guard start + 4 * n <= data.count else { throw FormatError(description: "\(url.path): tensor \(name) past end of file") }
            var values = [Float](repeating: 0, count: n)
            values.withUnsafeMutableBytes { dst in
                data.copyBytes(to: dst.bindMemory(to: UInt8.self), from: start..<start + 4 * n)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        tensorsByName = tensors
    }

    /// Names of the stored tensors.
    public var names: [String] { Array(tensorsByName.keys).sorted() }

    /// The tensor called `name`; throws naming the file when absent.
    public func tensor(_ name: String) throws -> Tensor {
        guard let t = tensorsByName[name] else {
            throw FormatError(description: "\(url.path): no tensor '\(name)' (has \(names.joined(separator: ", ")))")
        }
        return t
    }
}
