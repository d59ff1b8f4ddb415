import Directions
import Editing
import Foundation
import TensorCore
import TestSupport
import XCTest

/// Edit arithmetic on the official direction files (issue 5, "Exactness").
final class EditApplyTests: XCTestCase {
    private let editor = LatentEditor(styleCount: 18, styleDim: 512)

    func testOfficialPoseAtStrengthTwoOnAllRowsIsExactlyWPlusTwoD() throws {
        let pose = try EditingFixtures.pose()                      // [18, 512], storage tagged cuda:0
        let w = EditingFixtures.code()                             // [18, 512]
        let edited = try editor.apply([Edit(direction: pose, strength: 2)], to: w)
        let expected = zip(w.scalars, pose.vector.scalars).map { $0 + 2 * $1 }
        XCTAssertEqual(edited.shape, [18, 512])
        XCTAssertEqual(bits(edited), bits(expected))
        XCTAssertGreaterThan(zip(edited.scalars, w.scalars).map { abs($0 - $1) }.max()!, 0.01)
    }

    func testOneRowDirectionsBroadcastToEveryChosenRow() throws {
        let w = EditingFixtures.code(seed: 7)
        for direction in [try EditingFixtures.age(), try EditingFixtures.smile()] {
            let edited = try editor.apply([Edit(direction: direction, strength: -1.5)], to: w)
            let d = direction.vector.scalars
            for r in [0, 9, 17] {
                let expected = zip(EditingFixtures.row(w, r), d).map { $0 + -1.5 * $1 }
                XCTAssertEqual(bits(EditingFixtures.row(edited, r)), bits(expected), "\(direction.name) row \(r)")
            }
        }
    }

    func testLayerRangesLeaveOtherRowsBitIdentical() throws {
        let w = EditingFixtures.code(seed: 3)
        let pose = try EditingFixtures.pose()
        let edited = try editor.apply([Edit(direction: pose, strength: 3, layers: LayerRange(parsing: "4-5"))], to: w)
        for r in 0..<18 {
            let expected = [4, 5].contains(r) ? zip(EditingFixtures.row(w, r), EditingFixtures.row(pose.vector, r)).map { $0 + 3 * $1 }
                                              : EditingFixtures.row(w, r)
            XCTAssertEqual(bits(EditingFixtures.row(edited, r)), bits(expected), "row \(r)")
        }
        // The direction's default layers apply when the edit names none.
        let age = try EditingFixtures.age()
        let limited = EditingFixtures.direction("age4", age.vector, layers: try LayerRange(parsing: "0-3,8"))
        let e = try editor.apply([Edit(direction: limited, strength: 1)], to: w)
        let changed = (0..<18).filter { bits(EditingFixtures.row(e, $0)) != bits(EditingFixtures.row(w, $0)) }
        XCTAssertEqual(changed, [0, 1, 2, 3, 8])
    }

    func testCenterRemovesTheProjectionFirst() throws {
        let w = EditingFixtures.code(seed: 5)
        let smile = try EditingFixtures.smile()
        let u = smile.vector.scalars
        let edited = try editor.apply([Edit(direction: smile, strength: 1.5, center: true)], to: w)
        for r in [0, 6, 17] {
            let before = EditingFixtures.row(w, r), after = EditingFixtures.row(edited, r)
            XCTAssertGreaterThan(abs(EditingFixtures.dot(before, u) - 1.5), 0.01)   // not already there
            XCTAssertEqual(EditingFixtures.dot(after, u), 1.5, accuracy: 1e-5, "row \(r)")
            // The part orthogonal to the direction is unchanged.
            let pb = EditingFixtures.dot(before, u), pa = EditingFixtures.dot(after, u)
            for j in stride(from: 0, to: 512, by: 37) {
                XCTAssertEqual(Double(after[j]) - pa * Double(u[j]), Double(before[j]) - pb * Double(u[j]), accuracy: 1e-5)
            }
        }
        // A non-unit direction: the projection on d/‖d‖ becomes s·‖d‖.
        let tripled = EditingFixtures.direction("smile3", smile.vector.scaled(by: 3))
        let t = try editor.apply([Edit(direction: tripled, strength: -0.5, center: true)], to: w)
        XCTAssertEqual(EditingFixtures.dot(EditingFixtures.row(t, 2), u), -1.5, accuracy: 1e-5)
        // Without center the projection just moves by s.
        let plain = try editor.apply([Edit(direction: smile, strength: 1.5)], to: w)
        XCTAssertEqual(EditingFixtures.dot(EditingFixtures.row(plain, 0), u),
                       EditingFixtures.dot(EditingFixtures.row(w, 0), u) + 1.5, accuracy: 1e-5)
    }

    /// e4e's GANSpace convention: x = (w[0] − μ)·c/σ, δ = (s − x)·σ·c on the chosen rows.
    func testGANSpaceSetReproducesTheCoordinateItSets() throws {
        let pca = try EditingFixtures.pca()
        let c3 = try pca.component(3)
        let sigma = Double(pca.standardDeviations[3])
        // A known code: the PCA mean plus seeded noise on every row.
        var w = EditingFixtures.code(seed: 11).scaled(by: 0.3)
        w = try w.adding(Tensor(shape: [18, 512], values: Array((0..<18).map { _ in pca.mean.scalars }.joined())))
        let x0 = EditingFixtures.coordinate(EditingFixtures.row(w, 0), c3)

        for strength: Float in [2, -1.25, 0] {
            let edited = try editor.apply([Edit(direction: c3, strength: strength)], to: w)
            XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(edited, 0), c3), Double(strength), accuracy: 1e-5)
            // Every row moved by the same δ = (s − x0)·σ·c.
            let c = c3.vector.scalars
            for r in [0, 7, 17] {
                let moved = zip(EditingFixtures.row(edited, r), EditingFixtures.row(w, r)).map { Double($0) - Double($1) }
                let expected = c.map { (Double(strength) - x0) * sigma * Double($0) }
                XCTAssertEqual(moved.enumerated().map { abs($1 - expected[$0]) }.max()!, 0, accuracy: 2e-6, "row \(r)")
            }
        }

        // Row 0 is measured even when it is not chosen; unchosen rows stay bit-identical.
        let x7 = EditingFixtures.coordinate(EditingFixtures.row(w, 7), c3)
        let partial = try editor.apply([Edit(direction: c3, strength: 2, layers: LayerRange(parsing: "6-9"))], to: w)
        XCTAssertEqual(bits(EditingFixtures.row(partial, 0)), bits(EditingFixtures.row(w, 0)))
        XCTAssertEqual(bits(EditingFixtures.row(partial, 10)), bits(EditingFixtures.row(w, 10)))
        XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(partial, 7), c3), x7 + (2 - x0), accuracy: 1e-5)
    }

    func testGANSpaceAddMovesByStrengthStandardDeviations() throws {
        let c10 = try EditingFixtures.pca().component(10)
        let w = EditingFixtures.code(seed: 12)
        let edited = try editor.apply([Edit(direction: c10, strength: 1.5, mode: .add)], to: w)
        for r in [0, 17] {
            XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(edited, r), c10),
                           EditingFixtures.coordinate(EditingFixtures.row(w, r), c10) + 1.5, accuracy: 1e-5)
        }
    }

    func testEditsComposeInOrder() throws {
        let w = EditingFixtures.code(seed: 13)
        let smile = try Edit(direction: EditingFixtures.smile(), strength: 2)
        let c3 = try EditingFixtures.pca().component(3)
        let set = try Edit(direction: c3, strength: 1)
        let ab = try editor.apply([smile, set], to: w)
        let stepwise = try editor.apply([set], to: editor.apply([smile], to: w))
        XCTAssertEqual(bits(ab), bits(stepwise))
        // `set` measures the code it sees: after `set`, row 0's coordinate is 1 only if nothing follows along c.
        XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(ab, 0), c3), 1, accuracy: 1e-5)
        let ba = try editor.apply([set, smile], to: w)
        let shift = EditingFixtures.dot(try EditingFixtures.smile().vector.scalars, c3.vector.scalars) * 2 / Double(c3.ganspace!.standardDeviation)
        XCTAssertEqual(EditingFixtures.coordinate(EditingFixtures.row(ba, 0), c3), 1 + shift, accuracy: 1e-5)
        XCTAssertGreaterThan(abs(shift), 1e-4)
        // Two adds commute up to rounding.
        let age = try Edit(direction: EditingFixtures.age(), strength: -1)
        assertClose(try editor.apply([smile, age], to: w), try editor.apply([age, smile], to: w), tolerance: 1e-6)
        // Batches: each sample edited alike.
        let batch = Tensor.stack([w, EditingFixtures.code(seed: 14)])
        let edited = try editor.apply([smile, set], to: batch)
        XCTAssertEqual(edited.shape, [2, 18, 512])
        XCTAssertEqual(bits(edited.slice(0)), bits(ab))
        XCTAssertEqual(bits(edited.slice(1)), bits(try editor.apply([smile, set], to: EditingFixtures.code(seed: 14))))
    }

    func testBadEditsAreRejectedBeforeAnyWork() throws {
        let age = try EditingFixtures.age()
        let c3 = try EditingFixtures.pca().component(3)
        assertThrows(try Edit(direction: age, strength: .nan), containing: ["'age'", "strength nan is not a finite number"])
        assertThrows(try Edit(direction: age, strength: .infinity), containing: ["strength inf"])
        assertThrows(try Edit(direction: age, strength: 1, mode: .set), containing: ["'set' needs a GANSpace component"])
        assertThrows(try Edit(direction: c3, strength: 1, center: true), containing: ["--center applies to 'add'"])
        XCTAssertNoThrow(try Edit(direction: c3, strength: 1, mode: .add, center: true))
        let z = EditingFixtures.direction("zdir", age.vector, space: .z)
        assertThrows(try Edit(direction: z, strength: 1), containing: ["Z-space"])

        let small = LatentEditor(styleCount: 8, styleDim: 32)
        let edit = try Edit(direction: age, strength: 1)
        assertThrows(try small.apply([edit], to: EditingFixtures.code([8, 32])),
                     containing: ["age.pt", "dimension 512", "style dimension is 32"])
        assertThrows(try editor.apply([Edit(direction: age, strength: 1, layers: LayerRange(parsing: "0-20"))], to: EditingFixtures.code()),
                     containing: ["part \"0-20\"", "0-17"])
        assertThrows(try editor.apply([edit], to: EditingFixtures.code([16, 512])), containing: ["[16, 512]", "[18, 512] or [B, 18, 512]"])
        assertThrows(try LatentEditor(styleCount: 16, styleDim: 512).apply([Edit(direction: EditingFixtures.pose(), strength: 1)],
                                                                            to: EditingFixtures.code([16, 512])),
                     containing: ["pose.pt", "18 W+ rows", "the model has 16"])
    }
}
