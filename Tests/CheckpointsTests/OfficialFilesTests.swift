import Checkpoints
import Foundation
import TensorCore
import TestSupport
import XCTest

/// The real files published with ReStyle and e4e (`OfficialFixtures`, never copied here).
final class OfficialFilesTests: XCTestCase {
    private func official(_ path: String) throws -> URL {
        try OfficialFixtures.file(path)
    }

    private func norm(_ values: ArraySlice<Float>) -> Double {
        values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    func testReStyleAgeAndSmileDirections() throws {
        for name in ["age.pt", "smile.pt"] {
            let sd = try StateDict.load(try official("restyle/\(name)"))
            XCTAssertEqual(sd.keys, [""], name)  // a bare tensor
            let t = try sd.tensor("", shape: [1, 512])
            XCTAssertTrue(t.isBorrowed, "\(name): the zip storage should be used in place")
            XCTAssertEqual(norm(t.scalars[...]), 1, accuracy: 1e-5, name)
            XCTAssertEqual(sd[""]?.device, "cpu", name)
        }
    }

    func testReStylePoseDirectionFromCUDA() throws {
        let sd = try StateDict.load(try official("restyle/pose.pt"))
        XCTAssertEqual(sd[""]?.device, "cuda:0")
        let t = try sd.tensor("", shape: [1, 18, 512])
        XCTAssertTrue(t.isBorrowed)
        let values = t.scalars
        for row in 0..<18 {
            XCTAssertEqual(norm(values[(row * 512)..<((row + 1) * 512)]), 1, accuracy: 1e-5, "row \(row)")
        }
        XCTAssertEqual(norm(values[...]), Double(18).squareRoot(), accuracy: 1e-4)
    }

    func testE4EGANSpacePCA() throws {
        let sd = try StateDict.load(try official("e4e/ffhq_pca.pt"))
        XCTAssertEqual(sd.keys, ["mean", "comp", "std"])
        let mean = try sd.tensor("mean", shape: [1, 512])
        XCTAssertTrue(mean.isBorrowed)
        XCTAssert(mean.scalars.allSatisfy(\.isFinite))
        let comp = try sd.tensor("comp", shape: [80, 1, 512])  // stored with strides [1, 80, 80]: gathered
        XCTAssertEqual(sd["comp"]?.strides, [1, 80, 80])
        let c = comp.scalars
        var worst = 0.0
        for i in 0..<80 {
            for j in i..<80 {
                var dot = 0.0
                for k in 0..<512 { dot += Double(c[i * 512 + k]) * Double(c[j * 512 + k]) }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        XCTAssertLessThan(worst, 1e-4, "comp rows are orthonormal")
        let std = try sd.tensor("std", shape: [80])
        XCTAssert(std.scalars.allSatisfy { $0 > 0 }, "std all positive")
    }
}
