import Checkpoints
import Foundation
import TestSupport
import XCTest

final class ZipArchiveTests: XCTestCase {
    /// Bytes 0...255 four times (the stored member).
    let pattern: [UInt8] = (0..<4).flatMap { _ in (0..<256).map { UInt8($0) } }
    /// "line 0\n" ... "line 499\n" (the deflated member).
    let text: [UInt8] = Array((0..<500).map { "line \($0)\n" }.joined().utf8)

    func regionBytes(_ region: ByteRegion) -> [UInt8] { Array(region.bytes(at: 0, length: region.count)!) }

    func bytes(_ view: (region: ByteRegion, offset: Int, count: Int)) -> [UInt8] {
        Array(view.region.bytes(at: view.offset, length: view.count)!)
    }

    func checkPythonArchive(_ name: String) throws {
        let zip = try ZipArchive(url: arraysFixtureURL(name))
        XCTAssertEqual(zip.names, ["dir/pattern.bin", "dir/text.txt", "empty", "naïve/é.txt"])
        let stored = try XCTUnwrap(zip.entry(named: "dir/pattern.bin"))
        XCTAssertEqual(stored.method, .stored)
        XCTAssertEqual(stored.uncompressedSize, 1024)
        let view = try zip.storedBytes(stored)
        XCTAssert(view.region === zip.region, "stored entries must be views of the mapped file, not copies")
        XCTAssert(bytes(view) == pattern, "stored entry bytes differ")
        let copy = try zip.extract(stored)
        XCTAssert(copy !== zip.region)
        XCTAssert(regionBytes(copy) == pattern, "extracted stored entry differs")

        let deflated = try XCTUnwrap(zip.entry(named: "dir/text.txt"))
        XCTAssertEqual(deflated.method, .deflated)
        XCTAssertEqual(deflated.uncompressedSize, text.count)
        XCTAssertLessThan(deflated.compressedSize, text.count / 2)
        let inflated = try zip.extract(deflated)
        XCTAssert(regionBytes(inflated) == text, "inflated bytes differ")
        XCTAssert(bytes(try zip.contents(deflated)) == text, "contents() of a deflated entry differ")
        assertArraysError(try zip.storedBytes(deflated), fileName: name, contains: ["dir/text.txt", "deflated"])

        let empty = try XCTUnwrap(zip.entry(named: "empty"))
        XCTAssertEqual(try zip.storedBytes(empty).count, 0)
        XCTAssertEqual(try zip.extract(empty).count, 0)
        let utf8 = try XCTUnwrap(zip.entry(named: "naïve/é.txt"))
        let hello = try zip.extract(utf8)
        XCTAssertEqual(String(decoding: regionBytes(hello), as: UTF8.self), "héllo")
        XCTAssertNil(zip.entry(named: "missing"))
    }

    func testPythonZipStoredAndDeflated() throws { try checkPythonArchive("python.zip") }

    func testArchiveWithLongComment() throws { try checkPythonArchive("python_comment.zip") }

    func testZip64RecordsAndExtraFields() throws {
        try checkPythonArchive("python_zip64.zip")
        let zip = try ZipArchive(url: arraysFixtureURL("python_zip64.zip"))
        // Offsets > 16 bytes were written only in ZIP64 extra fields (the 32-bit fields hold 0xFFFFFFFF).
        XCTAssertEqual(zip.entries.map(\.localHeaderOffset), [0, 1089, 2124, 2159])
    }

    func testTorchSaveArchive() throws {
        let zip = try ZipArchive(url: arraysFixtureURL("torch_save.pt"))
        let prefix = try XCTUnwrap(zip.names.first?.split(separator: "/").first).description
        XCTAssertEqual(zip.entry(named: "\(prefix)/data.pkl")?.method, .stored)
        let storage = try XCTUnwrap(zip.entry(named: "\(prefix)/data/0"))
        XCTAssertEqual(storage.uncompressedSize, 48)
        // torch pads the LOCAL header's extra field so tensor data is 64-byte aligned.
        XCTAssertEqual(storage.dataOffset % 64, 0)
        let view = try zip.storedBytes(storage)
        let floats = (0..<12).map { view.region.bytes(at: view.offset + 4 * $0, length: 4)!.loadUnaligned(as: Float.self) }
        XCTAssertEqual(floats, (0..<12).map(Float.init))
        let version = try zip.extract(XCTUnwrap(zip.entry(named: "\(prefix)/version")))
        XCTAssertGreaterThan(Int(String(decoding: regionBytes(version), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 0)
    }

    func testOfficialTorch16Zip() throws {
        let url = try OfficialFixtures.file("restyle/age.pt")
        let zip = try ZipArchive(url: url)
        let storage = try XCTUnwrap(zip.entries.first { $0.name.hasSuffix("/data/0") || $0.name.contains("/data/") })
        XCTAssertEqual(storage.uncompressedSize, 512 * 4)
        let view = try zip.storedBytes(storage)
        var sum = 0.0
        for i in 0..<512 {
            let v = Double(view.region.bytes(at: view.offset + 4 * i, length: 4)!.loadUnaligned(as: Float.self))
            sum += v * v
        }
        XCTAssertEqual(sum.squareRoot(), 1.0, accuracy: 1e-5)
    }

    func testCorruptCentralDirectory() {
        let name = "bad_zip_central_directory.zip"
        assertArraysError(try ZipArchive(url: arraysFixtureURL(name)), fileName: name, contains: ["central"])
    }

    func testCentralDirectoryOffsetOutOfRange() {
        let name = "bad_zip_cd_offset.zip"
        assertArraysError(try ZipArchive(url: arraysFixtureURL(name)), fileName: name, contains: ["outside"])
    }

    func testTruncatedArchive() {
        let name = "bad_zip_truncated.zip"
        assertArraysError(try ZipArchive(url: arraysFixtureURL(name)), fileName: name, contains: ["end-of-central-directory"])
    }

    func testCRCMismatch() throws {
        let name = "bad_zip_crc.zip"
        // Only the central directory's CRC was changed: the local header disagrees, so opening fails.
        assertArraysError(try ZipArchive(url: arraysFixtureURL(name)), fileName: name,
                          contains: ["dir/text.txt", "CRC-32", "local header", "central directory"])
    }

    func testCorruptDeflateStream() throws {
        let name = "bad_zip_deflate.zip"
        let zip = try ZipArchive(url: arraysFixtureURL(name))
        assertArraysError(try zip.extract(XCTUnwrap(zip.entry(named: "dir/text.txt"))), fileName: name,
                          contains: ["dir/text.txt"])
    }

    func testNonZipAndTinyInputs() throws {
        let name = "f4_c.npy"
        assertArraysError(try ZipArchive(url: arraysFixtureURL(name)), fileName: name, contains: ["end-of-central-directory"])
        let tiny = ByteRegion.copy(of: Data([0x50, 0x4B, 5, 6]))
        assertArraysError(try ZipArchive(region: tiny), fileName: "<memory>", contains: ["too short"])
    }

    /// Every truncation and every single-byte corruption of a small archive either parses or throws
    /// `CheckpointError` (never crashes); extraction of whatever parsed is bounded the same way.
    func testMutatedArchivesFailCleanly() throws {
        let good = try Data(contentsOf: arraysFixtureURL("python_zip64.zip"))
        var outcomes = (parsed: 0, failed: 0)
        func attempt(_ data: Data) {
            do {
                let zip = try ZipArchive(region: .copy(of: data))
                for entry in zip.entries { _ = try? zip.extract(entry) }
                outcomes.parsed += 1
            } catch is CheckpointError { outcomes.failed += 1 } catch { XCTFail("unexpected error type \(error)") }
        }
        for cut in stride(from: 0, to: good.count, by: 7) { attempt(good.prefix(cut)) }
        for i in stride(from: good.count - 400, to: good.count, by: 1) {
            var d = good
            d[i] ^= 0xA5
            attempt(d)
        }
        XCTAssertGreaterThan(outcomes.failed, 100)
        XCTAssertGreaterThan(outcomes.parsed, 10)
    }
}
