import TensorCore
import TestSupport
import XCTest

final class MaxPoolTests: XCTestCase {
    /// Fast kernel equals the naive twin on even, odd (floor mode drops the remainder) and non-square sizes.
    func testMaxPoolMatchesReference() throws {
        var rng = SeededGenerator(seed: 77)
        for (n, c, h, w, k) in [(1, 1, 4, 4, 2), (2, 3, 7, 9, 2), (1, 2, 6, 5, 3), (1, 1, 3, 3, 1), (2, 4, 16, 16, 2)] {
            let x = rng.normalTensor([n, c, h, w])
            let fast = try x.maxPooled2d(kernel: k)
            XCTAssertEqual(fast.shape, [n, c, h / k, w / k])
            assertClose(fast, Reference.maxPool2d(x, kernel: k), tolerance: 0, "maxPool N\(n) C\(c) \(h)x\(w) k\(k)")
        }
    }

    /// Hand-checked values: the maximum of each 2×2 window, the odd last row/column dropped.
    func testMaxPoolValues() throws {
        let x = Tensor(shape: [1, 1, 3, 5], values: [1, -2, 3, 0, 9,
                                                     4, 0, -1, 7, 9,
                                                     8, 8, 8, 8, 8])
        let y = try x.maxPooled2d(kernel: 2)
        XCTAssertEqual(y.shape, [1, 1, 1, 2])
        XCTAssertEqual(y.scalars, [4, 7])
    }

    func testMaxPoolRejectsBadInput() {
        XCTAssertThrowsError(try Tensor(zeros: [2, 3]).maxPooled2d(kernel: 2))
        XCTAssertThrowsError(try Tensor(zeros: [1, 1, 4, 4]).maxPooled2d(kernel: 0))
    }
}
