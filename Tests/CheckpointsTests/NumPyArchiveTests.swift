import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

final class NumPyArchiveTests: XCTestCase {
    func check(_ name: String) throws -> [(String, CheckpointValue)] {
        let members = try NumPyArchive.read(arraysFixtureURL(name)).expectDict()
        XCTAssertEqual(members.map(\.0), ["a", "b", "c"], name)
        let a = try members[0].1.expectTensor(), b = try members[1].1.expectTensor(), c = try members[2].1.expectTensor()
        XCTAssertEqual(a.dtype, .float32); XCTAssertEqual(a.shape, [3, 4])
        XCTAssertEqual(b.dtype, .int64); XCTAssertEqual(b.shape, [2, 3])
        XCTAssertEqual(c.dtype, .float64); XCTAssertEqual(c.shape, [2, 5]); XCTAssertEqual(c.strides, [1, 2])
        assertClose(try a.floatTensor(key: "a"), try arraysExpected("npz/a"), tolerance: 0, name)
        XCTAssertEqual(referenceValues(b), [0, 1, 2, 3, 4, 5])
        assertClose(try c.floatTensor(key: "c"), try arraysExpected("npz/c"), tolerance: 0, name)
        XCTAssert(a.file.hasSuffix("\(name):a.npy"), a.file)
        return members
    }

    func testStoredArchiveViewsTheMappedFile() throws {
        let members = try check("stored.npz")
        let zip = try ZipArchive(url: arraysFixtureURL("stored.npz"))
        let a = try members[0].1.expectTensor()
        // Zero copy when the member's data happens to be aligned; otherwise an aligned copy.
        let entry = try XCTUnwrap(zip.entry(named: "a.npy"))
        if (entry.dataOffset + 128) % 4 == 0 {
            XCTAssertEqual(a.byteOffset, entry.dataOffset + 128)
            XCTAssertEqual(a.storage.count, zip.region.count)
        } else {
            XCTAssertEqual(a.byteOffset, 0)
        }
    }

    func testCompressedArchive() throws {
        _ = try check("compressed.npz")
        let zip = try ZipArchive(url: arraysFixtureURL("compressed.npz"))
        XCTAssert(zip.entries.allSatisfy { $0.method == .deflated })
    }

    func testCorruptArchives() {
        assertArraysError(try NumPyArchive.read(arraysFixtureURL("bad_zip_central_directory.zip")),
                          fileName: "bad_zip_central_directory.zip", contains: ["central"])
        // A zip whose members are not .npy files: the error names the archive and the member.
        assertArraysError(try NumPyArchive.read(arraysFixtureURL("python.zip")), fileName: "python.zip:dir/pattern.bin",
                          contains: ["magic"])
    }
}
