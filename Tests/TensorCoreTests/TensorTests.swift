import XCTest
import TensorCore
final class TensorTests: XCTestCase {
    func testReshapeSharesAndCopyOnWrite() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        var b = a.reshaped([3, 2])
        b[0, 0] = 9
        XCTAssertEqual(a[0, 0], 1)
        XCTAssertEqual(b[0, 0], 9)
        XCTAssertEqual(a.strides, [3, 1])
    }
}
