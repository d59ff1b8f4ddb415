import Directions
import Foundation
import JSONCodec
import TensorCore
import TestSupport
import XCTest

final class AuthoringPluginTests: XCTestCase {
    private func hidden(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
    }

    func testWriteVectorPluginLoadsBack() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self, "author")
        let v = Tensor(shape: [1, 4], values: [0.5, 0.5, 0.5, 0.5])
        let manifest = DirectionManifest(name: "smile", file: "x", space: .w, layers: try LayerRange(parsing: "0-5"),
                                         method: "interfacegan", provenance: .object(["samples": .int(10)]))
        let folder = try AuthoredPlugin.writeVector(v, manifest: manifest, into: dir)
        XCTAssertEqual(folder.lastPathComponent, "smile")
        let d = try Direction.loadPlugin(at: folder)
        XCTAssertEqual(d.vector.scalars, v.scalars)
        XCTAssertEqual(d.method, "interfacegan")
        XCTAssertEqual(d.manifest?.provenance, .object(["samples": .int(10)]))
        XCTAssertEqual(try hidden(dir), [])
        // Existing plugin: error unless overwrite; overwrite replaces.
        XCTAssertThrowsError(try AuthoredPlugin.writeVector(v, manifest: manifest, into: dir)) { error in
            XCTAssertEqual(error as? DirectionError, .pluginExists(path: folder.path))
        }
        let w = Tensor(shape: [1, 4], values: [1, 0, 0, 0])
        try AuthoredPlugin.writeVector(w, manifest: manifest, into: dir, overwrite: true)
        XCTAssertEqual(try Direction.loadPlugin(at: folder).vector.scalars, w.scalars)
        XCTAssertEqual(try hidden(dir), [])
    }

    /// A plugin that fails its load-back check (NaN vector) leaves nothing behind.
    func testFailedWriteLeavesNothing() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self, "author-fail")
        let bad = Tensor(shape: [1, 3], values: [1, .nan, 0])
        XCTAssertThrowsError(try AuthoredPlugin.writeVector(bad, manifest: DirectionManifest(name: "bad", file: "x"), into: dir))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
        XCTAssertThrowsError(try AuthoredPlugin.writeVector(Tensor(zeros: [1, 3]), manifest: DirectionManifest(name: "a/b", file: "x"), into: dir))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }
}
