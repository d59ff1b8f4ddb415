import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

final class NumPyArrayFileTests: XCTestCase {
    func read(_ name: String) throws -> StoredTensor {
        try NumPyArrayFile.read(arraysFixtureURL(name)).expectTensor()
    }

    /// Reads `<name>.npy` and compares dtype, shape and every value with the golden float32 copy.
    func check(_ name: String, dtype: DType, shape: [Int], tolerance: Float = 0, line: UInt = #line) throws {
        let t = try read(name + ".npy")
        XCTAssertEqual(t.dtype, dtype, name, line: line)
        XCTAssertEqual(t.shape, shape, name, line: line)
        let expected = try arraysExpected(name)
        XCTAssertEqual(expected.shape, shape, line: line)
        assertClose(referenceValues(t).map { Float($0) }, expected.scalars, tolerance: tolerance, name, line: line)
        if dtype.isFloatingPoint {
            assertClose(try t.floatTensor(key: name), expected, tolerance: tolerance, name, line: line)
        }
    }

    func testFloatTypes() throws {
        try check("f4_c", dtype: .float32, shape: [2, 3, 4])
        try check("f2", dtype: .float16, shape: [3, 5])
        try check("f8", dtype: .float64, shape: [4, 3])
    }

    func testIntegerAndBoolTypes() throws {
        // int64 values up to 2^40 are exact in Double; the golden copy is float32, so compare loosely there
        // and exactly against a re-read of the raw Int64 bytes.
        try check("i8", dtype: .int64, shape: [2, 3], tolerance: 1e5)
        try check("i4", dtype: .int32, shape: [3, 2], tolerance: 64)
        try check("i2", dtype: .int16, shape: [7])
        try check("i1", dtype: .int8, shape: [2, 2])
        try check("u1", dtype: .uint8, shape: [5])
        try check("b1", dtype: .bool, shape: [2, 3])
        let ints = referenceValues(try read("i8.npy"))
        XCTAssert(ints.allSatisfy { $0 == $0.rounded() && abs($0) <= 0x1p40 }, "\(ints)")
        let bools = referenceValues(try read("b1.npy"))
        XCTAssert(bools.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertThrowsError(try read("i4.npy").floatTensor(key: "i4"))
    }

    func testBigEndianIsConvertedToLittleEndian() throws {
        try check("f4_be", dtype: .float32, shape: [5])
        try check("f8_be", dtype: .float64, shape: [2, 3])
    }

    func testFortranOrderKeepsLayoutAsStrides() throws {
        let t = try read("f4_fortran.npy")
        XCTAssertEqual(t.strides, [1, 3, 12])
        XCTAssert(t.storage.url != nil, "aligned little-endian data should be mapped, not copied")
        try check("f4_fortran", dtype: .float32, shape: [3, 4, 5])
        try check("f8_fortran", dtype: .float64, shape: [2, 3])
        XCTAssertEqual(try read("f8_fortran.npy").strides, [1, 2])
    }

    func testHeaderVersions2And3() throws {
        try check("f4_v2", dtype: .float32, shape: [3, 2])
        try check("f4_v3", dtype: .float32, shape: [2, 2])
    }

    func testZeroDimensionalAndEmptyArrays() throws {
        let scalar = try read("f4_0d.npy")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.count, 1)
        XCTAssertEqual(referenceValues(scalar), [3.5])
        XCTAssertEqual(try scalar.floatTensor(key: "x").scalars, [3.5])
        let empty = try read("f4_empty.npy")
        XCTAssertEqual(empty.shape, [0, 3])
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(try empty.floatTensor(key: "e").shape, [0, 3])
    }

    func testDataIsMemoryMappedNotCopied() throws {
        let t = try read("f4_c.npy")
        XCTAssertEqual(t.byteOffset % 64, 0, "NumPy pads headers to 64 bytes")
        XCTAssertEqual(t.byteOffset, 128)
        XCTAssertEqual(t.storage.count, 224, "storage is the whole mapped file")
        XCTAssert(try t.floatTensor(key: "f4_c").isBorrowed)
    }

    // MARK: - Official files

    func testOfficialInterFaceGANBoundaries() throws {
        let names = ["stylegan_ffhq_smile_w_boundary.npy", "stylegan_ffhq_pose_w_boundary.npy",
                     "stylegan_ffhq_age_c_gender_boundary.npy"]
        for name in names {
            let t = try NumPyArrayFile.read(OfficialFixtures.file("interfacegan/\(name)")).expectTensor()
            XCTAssertEqual(t.dtype, .float64, name)
            XCTAssertEqual(t.shape, [1, 512], name)
            let norm64 = referenceValues(t).reduce(0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertEqual(norm64, 1, accuracy: 1e-6, name)
            let f = try t.floatTensor(key: name)
            XCTAssertEqual(f.shape, [1, 512])
            let norm32 = f.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            XCTAssertEqual(norm32, 1, accuracy: 1e-6, name)
        }
    }

    // MARK: - Object arrays (pickled)

    /// latents.npy as ReStyle's inference script writes it: a 0-d object array holding
    /// {image name: [latent of each iteration, [n_styles, dim]]}.
    func checkLatents(_ fileName: String) throws {
        let value = try NumPyArrayFile.read(arraysFixtureURL(fileName))
        let images = try value.expectDict()
        XCTAssertEqual(images.map(\.0), ["img_0.jpg", "img_1.jpg"])
        for (image, steps) in images {
            guard case .list(let items) = steps else { return XCTFail("\(image): expected a list, got \(steps)") }
            XCTAssertEqual(items.count, 3)
            for (i, item) in items.enumerated() {
                let t = try item.expectTensor()
                XCTAssertEqual(t.dtype, .float32)
                XCTAssertEqual(t.shape, [4, 8])
                assertClose(try t.floatTensor(key: "\(image)[\(i)]"), try arraysExpected("latents/\(image)/\(i)"),
                            tolerance: 0, "\(fileName) \(image)[\(i)]")
            }
        }
    }

    func testReStyleLatentsObjectArrayNumPy2() throws { try checkLatents("latents.npy") }

    func testReStyleLatentsObjectArrayNumPy1Protocol3() throws { try checkLatents("latents_numpy1.npy") }

    // MARK: - Bad input

    func expectError(_ name: String, contains fragments: [String], line: UInt = #line) {
        assertArraysError(try NumPyArrayFile.read(arraysFixtureURL(name)), fileName: name, contains: fragments, line: line)
    }

    func testObjectArrayWithForbiddenGlobalIsRefused() {
        expectError("bad_object_os_system.npy", contains: ["os.system", "allow-list", "nothing was executed"])
    }

    func testTruncatedAndShortFiles() {
        expectError("bad_truncated_header.npy", contains: ["header", "truncated"])
        expectError("bad_short_data.npy", contains: ["40000 data bytes", "holds 96"])
        expectError("bad_magic.npy", contains: ["magic"])
    }

    func testHostileHeaders() {
        expectError("bad_header_code.npy", contains: ["__import__", "not a literal"])
        expectError("bad_descr.npy", contains: ["<c8"])
        expectError("bad_negative_shape.npy", contains: ["negative"])
        expectError("bad_huge_shape.npy", contains: ["overflows a 64-bit size"])
    }

    func testMissingFileAndDirectory() {
        assertArraysError(try NumPyArrayFile.read(arraysFixtureURL("no_such.npy")), fileName: "no_such.npy",
                          contains: ["cannot read"])
        assertArraysError(try NumPyArrayFile.read(TestPaths.fixtures.appendingPathComponent("arrays")), fileName: "arrays",
                          contains: ["directory"])
    }

    /// Every truncation of a valid file fails cleanly (or, past the data, still reads).
    func testEveryTruncationFailsCleanly() throws {
        let data = try Data(contentsOf: arraysFixtureURL("f4_v2.npy"))
        for cut in 0..<data.count {
            let region = ByteRegion.copy(of: data.prefix(cut))
            assertArraysError(try NumPyArrayFile.read(region: region, offset: 0, count: cut, file: "cut\(cut).npy"),
                              fileName: "cut\(cut).npy")
        }
        XCTAssertEqual(try NumPyArrayFile.read(region: .copy(of: data), offset: 0, count: data.count, file: "x")
            .expectTensor().shape, [3, 2])
    }
}
