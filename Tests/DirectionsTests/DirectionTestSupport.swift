import Checkpoints
import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Official direction files (`OfficialFixtures`: skipped where absent) and scratch directories for direction tests.
enum DirectionFixtures {
    static func official(_ path: String) throws -> URL { try OfficialFixtures.file(path) }
    static var pose: URL { get throws { try official("restyle/pose.pt") } }
    static var age: URL { get throws { try official("restyle/age.pt") } }
    static var smile: URL { get throws { try official("restyle/smile.pt") } }
    static var ganspace: URL { get throws { try official("e4e/ffhq_pca.pt") } }
    static var interfaceganSmile: URL { get throws { try official("interfacegan/stylegan_ffhq_smile_w_boundary.npy") } }

    /// A fresh empty directory, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase, _ label: String = "directions") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("restyle-directions-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Writes a float32 `.npy` of `shape` with seeded normal values (or `values`).
    @discardableResult
    static func writeNPY(_ url: URL, shape: [Int], seed: UInt64 = 1, values: [Float]? = nil) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let tensor = values.map { Tensor(shape: shape, values: $0) } ?? rng.normalTensor(shape)
        try NumPyArrayFile.write(tensor, to: url)
        return tensor
    }

    /// Writes a float64 `.npy` (`'<f8'`, C order, format 1.0) by hand.
    static func writeFloat64NPY(_ url: URL, shape: [Int], values: [Double]) throws {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: url)
    }

    /// Writes a plugin folder `directory/folder/` with `manifest` (JSON text) and, optionally, a vector file.
    @discardableResult
    static func writePlugin(_ directory: URL, folder: String, manifest: String, vectorFile: String? = nil,
                            shape: [Int] = [1, 512], seed: UInt64 = 1, values: [Float]? = nil) throws -> URL {
        let url = directory.appendingPathComponent(folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: url.appendingPathComponent("manifest.json"))
        if let vectorFile { try writeNPY(url.appendingPathComponent(vectorFile), shape: shape, seed: seed, values: values) }
        return url
    }

    /// Euclidean norm of `values` in Double.
    static func norm(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
}

/// Asserts that `body` throws an error whose description contains every string of `fragments`.
func assertThrows<T>(_ body: @autoclosure () throws -> T, containing fragments: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \(fragments)", file: file, line: line)
    } catch {
        let text = "\(error)"
        for fragment in fragments where !text.contains(fragment) {
            XCTFail("error \"\(text)\" does not contain \"\(fragment)\"", file: file, line: line)
        }
    }
}
