import Directions
import Editing
import Foundation
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Edited codes regenerate exactly like a direct generator call (g32 fixture: 8 W+ rows of width 32).
final class RegenerationTests: XCTestCase {
    func testSweepBatchEqualsDirectGeneratorCallsOnEditedCodes() throws {
        let generator = try Generator(contentsOf: TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt"))
        XCTAssertEqual(generator.nLatent, 8)
        XCTAssertEqual(generator.styleDim, 32)
        var rng = SeededGenerator(seed: 31)
        let direction = EditingFixtures.direction("g32dir", rng.normalTensor([8, 32]).scaled(by: 0.5))   // [8, 32]
        let w = try generator.wPlus(repeating: generator.styles(z: rng.normalTensor([1, 32])))            // [1, 8, 32]

        let editor = LatentEditor(generator: generator)
        let edit = try Edit(direction: direction, strength: 1, layers: LayerRange(parsing: "0-5"))
        let strengths: [Float] = [-2, 0, 1.5]
        let codes = try editor.sweep(codes: w, edit: edit, strengths: strengths)                         // [3, 8, 32]
        let images = try generator.synthesize(wPlus: codes)                                               // [3, 3, 32, 32]
        XCTAssertEqual(images.shape, [3, 3, 32, 32])

        let base = try generator.synthesize(wPlus: w)                                                     // [1, 3, 32, 32]
        for (i, s) in strengths.enumerated() {
            // The edited code written out by hand: rows 0…5 move by s·d[r], rows 6, 7 stay.
            var manual = w.scalars
            let d = direction.vector.scalars
            for r in 0...5 { for j in 0..<32 { manual[r * 32 + j] += s * d[r * 32 + j] } }
            let direct = try generator.synthesize(wPlus: Tensor(shape: [1, 8, 32], values: manual))
            assertClose(images.slice(i), direct.slice(0), tolerance: 1e-5, "strength \(s)")
            let change = zip(images.slice(i).scalars, base.scalars).map { abs($0 - $1) }.max()!
            if s == 0 { XCTAssertEqual(change, 0, accuracy: 1e-5) } else { XCTAssertGreaterThan(change, 1e-3) }
        }
    }
}
