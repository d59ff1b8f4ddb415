import Directions
import Editing
import Foundation
import TensorCore
import TestSupport
import XCTest

final class StrengthSweepTests: XCTestCase {
    func testRangesAndLists() throws {
        XCTAssertEqual(try StrengthSweep(parsing: "-3:3:7").strengths, [-3, -2, -1, 0, 1, 2, 3])
        XCTAssertEqual(try StrengthSweep(parsing: "3:-3:4").strengths, [3, 1, -1, -3])
        XCTAssertEqual(try StrengthSweep(parsing: "-1:1:5").strengths, [-1, -0.5, 0, 0.5, 1])
        let thirds = try StrengthSweep(parsing: "0:1:4").strengths
        XCTAssertEqual(thirds, [0, Float(1.0 / 3.0), Float(2.0 / 3.0), 1])
        XCTAssertEqual(try StrengthSweep(parsing: "2:2:1").strengths, [2])
        XCTAssertEqual(try StrengthSweep(parsing: "0, 1,2.5").strengths, [0, 1, 2.5])
        XCTAssertEqual(try StrengthSweep(parsing: "-2").strengths, [-2])
        XCTAssertEqual(try StrengthSweep(parsing: "1e-1,2E0").strengths, [0.1, 2])
        XCTAssertEqual(try StrengthSweep(start: -3, stop: 3, count: 7).description, "-3,-2,-1,0,1,2,3")
        XCTAssertEqual(try StrengthSweep(values: [1.5, -2]).strengths, [1.5, -2])
    }

    func testBadSweepsAreClearErrors() {
        assertThrows(try StrengthSweep(parsing: "-3:3:0"), containing: ["\"-3:3:0\"", "COUNT is 0", "at least 1"])
        assertThrows(try StrengthSweep(parsing: "-3:3:-2"), containing: ["COUNT is -2"])
        assertThrows(try StrengthSweep(parsing: "nan:3:5"), containing: ["START \"nan\" is not a finite number"])
        assertThrows(try StrengthSweep(parsing: "0:inf:5"), containing: ["STOP \"inf\""])
        assertThrows(try StrengthSweep(parsing: "3:-3:1"), containing: ["COUNT 1", "ambiguous"])
        assertThrows(try StrengthSweep(parsing: "1:2"), containing: ["three parts, found 2"])
        assertThrows(try StrengthSweep(parsing: "1:2:x"), containing: ["COUNT \"x\" is not a whole number"])
        assertThrows(try StrengthSweep(parsing: "1:2:2.5"), containing: ["COUNT \"2.5\""])
        assertThrows(try StrengthSweep(parsing: "1:2:5000"), containing: ["more than 1000"])
        assertThrows(try StrengthSweep(parsing: ""), containing: ["empty"])
        assertThrows(try StrengthSweep(parsing: "1,,2"), containing: ["strength \"\""])
        assertThrows(try StrengthSweep(parsing: "1,two"), containing: ["strength \"two\""])
        assertThrows(try StrengthSweep(values: []), containing: ["no strengths"])
        assertThrows(try StrengthSweep(values: [1, .nan]), containing: ["not a finite number"])
    }

    func testSweepIsOneBatchOfSingleEdits() throws {
        let editor = LatentEditor(styleCount: 18, styleDim: 512)
        let pose = try EditingFixtures.pose()
        let w = EditingFixtures.code(seed: 21)
        let edit = try Edit(direction: pose, strength: 1, layers: LayerRange(parsing: "0-7"))
        let strengths = try StrengthSweep(parsing: "-3:3:7").strengths
        let sweep = try editor.sweep(codes: w, edit: edit, strengths: strengths)
        XCTAssertEqual(sweep.shape, [7, 18, 512])
        for (i, s) in strengths.enumerated() {
            XCTAssertEqual(bits(sweep.slice(i)), bits(try editor.apply([edit.withStrength(s)], to: w)), "strength \(s)")
        }
        XCTAssertEqual(bits(sweep.slice(3)), bits(w))                                     // strength 0
        let row2 = zip(EditingFixtures.row(w, 2), EditingFixtures.row(pose.vector, 2)).map { $0 + 3 * $1 }
        XCTAssertEqual(bits(EditingFixtures.row(sweep.slice(6), 2)), bits(row2))
        XCTAssertEqual(bits(EditingFixtures.row(sweep.slice(6), 9)), bits(EditingFixtures.row(w, 9)))

        // A batch of codes: sample b's strengths at b·S ..< (b+1)·S; fixed edits applied first.
        let w2 = EditingFixtures.code(seed: 22)
        let smile = try Edit(direction: EditingFixtures.smile(), strength: 0.5)
        let batch = try editor.sweep(codes: Tensor.stack([w, w2]), edit: edit, strengths: [-1, 2], preceding: [smile])
        XCTAssertEqual(batch.shape, [4, 18, 512])
        XCTAssertEqual(bits(batch.slice(3)), bits(try editor.apply([smile, edit.withStrength(2)], to: w2)))
        XCTAssertEqual(bits(batch.slice(0)), bits(try editor.apply([smile, edit.withStrength(-1)], to: w)))

        // GANSpace set: each sample's row-0 coordinate is its strength.
        let c3 = try EditingFixtures.pca().component(3)
        let set = try editor.sweep(codes: w, edit: Edit(direction: c3, strength: 0), strengths: [-2, 0, 2])
        for (i, s) in [-2.0, 0, 2].enumerated() {
            XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(set.slice(i), 0), c3), s, accuracy: 1e-5)
        }
        assertThrows(try editor.sweep(codes: w, edit: edit, strengths: []), containing: ["no strengths"])
        assertThrows(try editor.sweep(codes: w, edit: edit, strengths: [1, .nan]), containing: ["not a finite number"])
    }
}
