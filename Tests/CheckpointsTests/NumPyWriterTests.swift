import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

final class NumPyWriterTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("npy-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Our file must equal, byte for byte, what `np.save` wrote for the same array (committed fixtures).
    func assertSameBytesAsNumPy(shape: [Int], values: [Float], fixture: String, line: UInt = #line) throws {
        let url = directory.appendingPathComponent(fixture)
        try NumPyArrayFile.write(shape: shape, values: values, to: url)
        let ours = try Data(contentsOf: url)
        let numpys = try Data(contentsOf: arraysFixtureURL(fixture))
        XCTAssertEqual(ours.count, numpys.count, fixture, line: line)
        XCTAssert(ours == numpys, "\(fixture): header or data differ from NumPy's\n ours:  \(String(decoding: ours.prefix(128), as: UTF8.self))\n numpy: \(String(decoding: numpys.prefix(128), as: UTF8.self))", line: line)
        // Data starts at a multiple of 64 bytes.
        XCTAssertEqual((ours.count - 4 * values.count) % 64, 0, line: line)
    }

    func testBytesMatchNumPySave() throws {
        try assertSameBytesAsNumPy(shape: [2, 3, 4], values: (0..<24).map { Float($0) * 0.5 - 3 }, fixture: "numpy_written_3d.npy")
        try assertSameBytesAsNumPy(shape: [5], values: [1, -2, 3.25, 0, 1e-3], fixture: "numpy_written_1d.npy")
        try assertSameBytesAsNumPy(shape: [], values: [-7.5], fixture: "numpy_written_0d.npy")
    }

    func testRoundTripThroughOurReader() throws {
        var rng = SeededGenerator(seed: 7)
        let tensor = rng.normalTensor([1, 18, 16])
        let url = directory.appendingPathComponent("sub/dir/latent.npy")
        try NumPyArrayFile.write(tensor, to: url)
        let back = try NumPyArrayFile.read(url).expectTensor()
        XCTAssertEqual(back.dtype, .float32)
        XCTAssertEqual(back.shape, [1, 18, 16])
        assertClose(try back.floatTensor(key: "latent"), tensor, tolerance: 0)
        // Overwrite atomically with a different shape; no temporary files left behind.
        try NumPyArrayFile.write(shape: [2, 2], values: [1, 2, 3, 4], to: url)
        XCTAssertEqual(try NumPyArrayFile.read(url).expectTensor().shape, [2, 2])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["latent.npy"])
    }

    func testEmptyArrayRoundTrip() throws {
        let url = directory.appendingPathComponent("empty.npy")
        try NumPyArrayFile.write(shape: [0, 4], values: [], to: url)
        let back = try NumPyArrayFile.read(url).expectTensor()
        XCTAssertEqual(back.shape, [0, 4])
        XCTAssertEqual(back.count, 0)
    }

    func testUnwritableDestinationNamesTheFile() throws {
        let blocker = directory.appendingPathComponent("blocker")
        try Data([1]).write(to: blocker)
        let url = blocker.appendingPathComponent("x.npy")  // parent is a regular file
        assertArraysError(try NumPyArrayFile.write(shape: [1], values: [1], to: url), fileName: "x.npy")
    }

    /// When python3 with NumPy is installed, NumPy itself loads what we wrote (skipped otherwise).
    func testNumPyLoadsOurFile() throws {
        let url = directory.appendingPathComponent("check.npy")
        try NumPyArrayFile.write(shape: [2, 3], values: [0.5, -1, 2, 3, 4, 1e-8], to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, numpy as np
            a = np.load(sys.argv[1])
            assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)
            assert np.array_equal(a, np.array([[0.5, -1, 2], [3, 4, 1e-8]], dtype=np.float32)), a
            print("ok")
            """, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { throw XCTSkip("python3 not available") }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationStatus != 0 && !output.contains("ok") {
            // Distinguish "no NumPy" from a real failure.
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            probe.arguments = ["python3", "-c", "import numpy"]
            probe.standardError = Pipe()
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { throw XCTSkip("python3 has no numpy") }
        }
        XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
    }
}
