import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Archives whose bytes are not where the central directory says, or that ask for more memory than the limit:
/// each is refused with one error naming the file and the entry (issues 16 and 20).
final class ZipIntegrityTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// The bytes of a float32 `.npy` of `values` (shape `[values.count]`).
    func npy(_ values: [Float]) throws -> [UInt8] {
        let url = dir.appendingPathComponent("member-\(UUID().uuidString).npy")
        try NumPyArrayFile.write(Tensor(shape: [values.count], values: values), to: url)
        return Array(try Data(contentsOf: url))
    }

    func write(_ zip: TestZipWriter, _ name: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try zip.write(to: url)
        return url
    }

    func testAWellFormedArchiveLoads() throws {
        let url = try write(TestZipWriter([.init("a.npy", try npy([1, 2, 3])), .init("b.npy", try npy([4]), deflated: true)]), "ok.npz")
        let sd = try StateDict.load(url)
        XCTAssertEqual(try sd.tensor("a").scalars, [1, 2, 3])
        XCTAssertEqual(try sd.tensor("b").scalars, [4])
    }

    func testTwoEntriesWithTheSameNameAreRefused() throws {
        let url = try write(TestZipWriter([.init("a.npy", try npy([1])), .init("a.npy", try npy([2]))]), "dup.npz")
        assertArraysError(try StateDict.load(url), fileName: "dup.npz", contains: ["'a.npy'", "occurs twice", "unique"])
    }

    func testStoredMemberWithAWrongCRCIsRefused() throws {
        let data = try npy([1, 2, 3])
        let url = try write(TestZipWriter([.init("a.npy", data, crc: TestZipWriter.crc32(data) ^ 1)]), "crc.npz")
        assertArraysError(try StateDict.load(url), fileName: "crc.npz", contains: ["'a.npy'", "CRC-32 mismatch"])
    }

    func testLocalHeaderNameThatDisagreesIsRefused() throws {
        for local in ["b.npy", "ab.npy", "a.np"] {
            let url = try write(TestZipWriter([.init("a.npy", try npy([1, 2]), localName: local)]), "name.npz")
            assertArraysError(try StateDict.load(url), fileName: "name.npz", contains: ["'a.npy'", "local header", local])
        }
    }

    /// The campaign's case: the local extra length grown by 16 moved the data start 16 bytes, and the tensor read
    /// was silently wrong. Both when the extra field no longer parses and when it does (the data then runs into
    /// the central directory; inside a larger archive the CRC-32 check of the shifted bytes catches it).
    func testLocalExtraLengthThatMovesTheDataIsRefused() throws {
        let data = try npy((0..<32).map(Float.init))
        var bytes = TestZipWriter([.init("a.npy", data, localExtra: 8)]).bytes()
        bytes[28] += 16                                 // local extra length 8 → 24, its one record still says 4
        let url = dir.appendingPathComponent("extra.npz")
        try Data(bytes).write(to: url)
        assertArraysError(try StateDict.load(url), fileName: "extra.npz", contains: ["'a.npy'", "extra field"])

        bytes[28 + 2 + 5 + 2] += 16                     // the record's own length 4 → 20: well-formed again
        try Data(bytes).write(to: url)
        assertArraysError(try StateDict.load(url), fileName: "extra.npz", contains: ["'a.npy'", "overlap the central directory"])
    }

    func testOverlappingEntriesAreRefused() throws {
        // Entry b's central record points at a local header planted inside entry a's data.
        let inner = TestZipWriter.localRecord(name: "b.npy", data: try npy([9]))
        var zip = TestZipWriter([.init("a.npy", inner), .init("b.npy", try npy([9]))])
        zip.localOffsetOverrides[1] = 30 + "a.npy".utf8.count
        let url = try write(zip, "overlap.zip")
        assertArraysError(try ZipArchive(url: url), fileName: "overlap.zip", contains: ["'a.npy'", "overlap", "'b.npy'"])
    }

    func testEntryOutsideTheFileIsRefused() throws {
        var zip = TestZipWriter([.init("a.npy", try npy([1]))])
        zip.localOffsetOverrides[0] = 1_000_000
        let url = try write(zip, "outside.zip")
        assertArraysError(try ZipArchive(url: url), fileName: "outside.zip", contains: ["'a.npy'"])
    }

    func testInflatedSizeOverTheLimitIsRefusedBeforeInflating() throws {
        let data = try npy([Float](repeating: 1, count: 40_000))      // 160 kB
        let url = try write(TestZipWriter([.init("big.npy", data, deflated: true)]), "big.npz")
        let small = ArchiveLimits(maximumInflatedBytes: 100_000)
        assertArraysError(try NumPyArchive.read(ZipArchive(url: url, limits: small)), fileName: "big.npz",
                          contains: ["'big.npy'", "\(data.count) bytes", "100000", ArchiveLimits.inflatedBytesVariable])
        let loaded = try NumPyArchive.read(ZipArchive(url: url, limits: ArchiveLimits(maximumInflatedBytes: 200_000)))
        XCTAssertEqual(loaded["big"]?.asTensor?.shape, [40_000])
        // The limit counts every member of one archive together.
        let two = try write(TestZipWriter([.init("a.npy", data, deflated: true), .init("b.npy", data, deflated: true)]), "two.npz")
        assertArraysError(try NumPyArchive.read(ZipArchive(url: two, limits: ArchiveLimits(maximumInflatedBytes: 200_000))),
                          fileName: "two.npz", contains: ["'b.npy'", "after \(data.count) bytes of other entries"])
    }

    /// The campaign's bomb: a 2 MB member declaring 2 GiB aborted the process in the allocator.
    func testDeclaredTwoGiBIsRefusedByTheDefaultLimit() throws {
        let junk = [UInt8](repeating: 7, count: 2_100_000)
        let url = try write(TestZipWriter([.init("bomb.npy", junk, deflated: true, declaredSize: 1 << 31)]), "bomb.npz")
        XCTAssertEqual(ArchiveLimits(environment: [:]).maximumInflatedBytes, 1 << 30)
        assertArraysError(try NumPyArchive.read(ZipArchive(url: url, limits: ArchiveLimits(environment: [:]))),
                          fileName: "bomb.npz", contains: ["'bomb.npy'", "\(1 << 31) bytes", "\(1 << 30)"])
    }

    func testStreamLongerOrShorterThanDeclaredIsRefused() throws {
        let data = try npy([1, 2, 3, 4])
        for (declared, fragment) in [(data.count - 1, "more than the declared"), (data.count + 1, "inflated to \(data.count) bytes")] {
            let url = try write(TestZipWriter([.init("a.npy", data, deflated: true, declaredSize: declared)]), "size.npz")
            assertArraysError(try StateDict.load(url), fileName: "size.npz", contains: ["'a.npy'", fragment])
        }
    }

    func testEnvironmentVariableSetsTheLimit() {
        XCTAssertEqual(ArchiveLimits(environment: [ArchiveLimits.inflatedBytesVariable: "4096"]).maximumInflatedBytes, 4096)
        XCTAssertEqual(ArchiveLimits(environment: [ArchiveLimits.inflatedBytesVariable: "x"]).maximumInflatedBytes, 1 << 30)
    }
}
