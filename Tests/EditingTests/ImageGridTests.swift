import Editing
import Foundation
import TensorCore
import TestSupport
import XCTest

final class ImageGridTests: XCTestCase {
    /// A panel `[3, h, w]` whose value at (c, y, x) is `base + c·100 + y·10 + x`.
    private func panel(_ h: Int, _ w: Int, base: Float) -> Tensor {
        var values: [Float] = []
        for c in 0..<3 { for y in 0..<h { for x in 0..<w { values.append(base + Float(c * 100 + y * 10 + x)) } } }
        return Tensor(shape: [3, h, w], values: values)
    }

    private func pixel(_ t: Tensor, _ c: Int, _ y: Int, _ x: Int) -> Float { t[c, y, x] }

    func testSweepGridLayout() throws {
        // Two images: input 8×8 (shrunk ×2 by box averaging), inversion and 3 strengths at 4×4.
        let rows = (0..<2).map { i in
            ImageGrid.sweepRow(input: panel(8, 8, base: Float(1000 * i)), inversion: panel(4, 4, base: 1),
                               edited: [panel(4, 4, base: 2), panel(4, 4, base: 3), panel(4, 4, base: 4)])
        }
        XCTAssertEqual(rows[0].count, 5)
        let grid = try ImageGrid.compose(rows, spacing: 1, fill: -1)
        XCTAssertEqual(grid.shape, [3, 4 * 2 + 1, 4 * 5 + 4])
        // Input panel, row 0: 2×2 box average of the 8×8 panel: (y, x) = (1, 2) averages y 2…3, x 4…5.
        XCTAssertEqual(pixel(grid, 0, 1, 2), Float(24 + 25 + 34 + 35) / 4)
        XCTAssertEqual(pixel(grid, 2, 3, 3), 200 + Float(66 + 67 + 76 + 77) / 4)
        // Inversion at x 5…8, first strength at x 10…13 (1 px spacing).
        XCTAssertEqual(pixel(grid, 1, 2, 5), Float(1 + 100 + 20))
        XCTAssertEqual(pixel(grid, 0, 3, 13), Float(2 + 30 + 3))
        XCTAssertEqual(pixel(grid, 0, 0, 23), Float(4 + 3))
        // Spacing is filled; the second image's row starts at y 5.
        XCTAssertEqual(pixel(grid, 0, 0, 4), -1)
        XCTAssertEqual(pixel(grid, 0, 4, 0), -1)
        XCTAssertEqual(pixel(grid, 0, 5, 0), 1000 + Float(0 + 1 + 10 + 11) / 4)
    }

    func testRaggedRowsAndExplicitHeight() throws {
        let grid = try ImageGrid.compose([[panel(2, 2, base: 0), panel(2, 2, base: 0)], [panel(2, 2, base: 5)]], fill: 0.5)
        XCTAssertEqual(grid.shape, [3, 4, 4])
        XCTAssertEqual(pixel(grid, 0, 2, 1), Float(5 + 1))
        XCTAssertEqual(pixel(grid, 1, 3, 3), 0.5)                 // right of the short second row
        // Upscaling to height 4 keeps the aspect ratio (2×3 → 4×6).
        let up = try ImageGrid.compose([[panel(2, 3, base: 0)]], height: 4)
        XCTAssertEqual(up.shape, [3, 4, 6])
        // Batches split into panels.
        let batch = Tensor.stack([panel(2, 2, base: 0), panel(2, 2, base: 9)])
        XCTAssertEqual(ImageGrid.panels(batch).map { $0[0, 0, 0] }, [0, 9])
        assertThrows(try ImageGrid.compose([[Tensor(zeros: [1, 4, 4])]]), containing: ["row 0, column 0", "[3, H, W]"])
        assertThrows(try ImageGrid.compose([]), containing: ["at least one panel"])
    }
}
