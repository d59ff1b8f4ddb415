import Directions
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Importers of bare files, on the official direction files.
final class DirectionFileTests: XCTestCase {
    func testOfficialPoseIsPerRowUnitDirection() throws {
        let pose = try DirectionFile.load(DirectionFixtures.pose)         // storage tagged cuda:0
        XCTAssertEqual(pose.name, "pose")
        XCTAssertEqual(pose.vector.shape, [18, 512])                       // [1, 18, 512] → [18, 512]
        XCTAssertEqual(pose.format, .pt)
        XCTAssertEqual(pose.space, .wPlus)
        XCTAssertEqual(pose.norm, Float(18).squareRoot(), accuracy: 1e-4)
        XCTAssertEqual(pose.rowNorms.count, 18)
        for n in pose.rowNorms { XCTAssertEqual(n, 1, accuracy: 1e-5) }
        // "the same unit direction on every W+ row"
        XCTAssertEqual(pose.vector.slice(17).scalars, pose.vector.slice(0).scalars)
        XCTAssertNoThrow(try pose.validate(styleCount: 18, styleDim: 512))
        assertThrows(try pose.validate(styleCount: 16, styleDim: 512),
                     containing: ["pose.pt", "18 W+ rows", "the model has 16"])
    }

    func testOfficialAgeAndSmileAreUnitRows() throws {
        for url in [try DirectionFixtures.age, try DirectionFixtures.smile] {
            let d = try DirectionFile.load(url)
            XCTAssertEqual(d.vector.shape, [1, 512])
            XCTAssertEqual(d.space, .w)
            XCTAssertEqual(d.norm, 1, accuracy: 1e-5)
            XCTAssertEqual(d.rowNorms.count, 1)
            XCTAssertNoThrow(try d.validate(styleCount: 18, styleDim: 512))
            XCTAssertNoThrow(try d.validate(styleCount: 16, styleDim: 512))   // [1, D] fits any row count
            assertThrows(try d.validate(styleCount: 8, styleDim: 32),
                         containing: [url.lastPathComponent, "dimension 512", "style dimension is 32"])
        }
    }

    func testInterFaceGANFloat64BoundaryConvertsToFloat32() throws {
        let d = try DirectionFile.load(DirectionFixtures.interfaceganSmile)
        XCTAssertEqual(d.format, .npy)
        XCTAssertEqual(d.vector.shape, [1, 512])
        XCTAssertEqual(d.norm, 1, accuracy: 1e-5)
    }

    func testBareVectorShapes() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self)
        let flat = dir.appendingPathComponent("flat.npy")
        let values = (0..<6).map { Double($0) - 2.5 }
        try DirectionFixtures.writeFloat64NPY(flat, shape: [6], values: values)
        let d = try DirectionFile.load(flat)
        XCTAssertEqual(d.vector.shape, [1, 6])
        XCTAssertEqual(d.vector.scalars, values.map(Float.init))
        XCTAssertEqual(d.norm, Float(values.reduce(0) { $0 + $1 * $1 }.squareRoot()), accuracy: 1e-6)

        let perRow = dir.appendingPathComponent("rows.npy")
        let written = try DirectionFixtures.writeNPY(perRow, shape: [8, 32], seed: 3)
        let r = try DirectionFile.load(perRow, name: "rows")
        XCTAssertEqual(r.vector.shape, [8, 32])
        XCTAssertEqual(r.vector.scalars, written.scalars)
        XCTAssertEqual(r.rowNorms[3], Float(DirectionFixtures.norm(written.slice(3).scalars)), accuracy: 1e-5)

        let cube = dir.appendingPathComponent("cube.npy")
        try DirectionFixtures.writeNPY(cube, shape: [2, 3, 4])
        assertThrows(try DirectionFile.load(cube), containing: ["cube.npy", "shape [2, 3, 4]", "[1, n_styles, D]"])

        let nan = dir.appendingPathComponent("nan.npy")
        var v = [Float](repeating: 0.5, count: 12)
        v[7] = .nan
        v[9] = .infinity
        try DirectionFixtures.writeNPY(nan, shape: [2, 6], values: v)
        assertThrows(try DirectionFile.load(nan), containing: ["nan.npy", "2 non-finite values", "row 1, column 1"])

        let junk = dir.appendingPathComponent("junk.pt")
        try Data("not a checkpoint".utf8).write(to: junk)
        assertThrows(try DirectionFile.load(junk), containing: ["junk.pt", "unknown checkpoint format"])
    }

    func testGANSpaceComponentsAreOrthonormalWithPositiveStd() throws {
        guard case .pca(let pca) = try DirectionFile.read(DirectionFixtures.ganspace) else {
            return XCTFail("ffhq_pca.pt should read as a GANSpace PCA file")
        }
        XCTAssertEqual(pca.componentCount, 80)
        XCTAssertEqual(pca.dimension, 512)
        XCTAssertEqual(pca.mean.shape, [1, 512])
        XCTAssertTrue(pca.standardDeviations.allSatisfy { $0 > 0 })
        let c3 = try pca.component(3), c10 = try pca.component(10)
        XCTAssertEqual(c3.name, "ffhq_pca#3")
        XCTAssertEqual(c3.mode, .set)
        XCTAssertEqual(c3.format, .ganspace)
        XCTAssertEqual(c3.method, "ganspace")
        XCTAssertEqual(c3.ganspace?.index, 3)
        XCTAssertEqual(c3.ganspace?.standardDeviation, pca.standardDeviations[3])
        XCTAssertEqual(c3.norm, 1, accuracy: 1e-5)
        let dot = zip(c3.vector.scalars, c10.vector.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        XCTAssertEqual(dot, 0, accuracy: 1e-5)
        let described = c3.resolvedManifest
        XCTAssertEqual(described.json.serialized(pretty: false),
                       #"{ "name": "ffhq_pca#3", "space": "w", "file": "ffhq_pca.pt", "format": "ganspace", "component": 3, "default_strength": 1.0, "mode": "set", "method": "ganspace" }"#)
        assertThrows(try pca.component(80), containing: ["ffhq_pca.pt", "component \"80\"", "0-79"])
        assertThrows(try DirectionFile.load(DirectionFixtures.ganspace), containing: ["80 components", "ffhq_pca#0"])
    }
}
