import Directions
import Editing
import Foundation
import TensorCore
import XCTest

final class EditNameTests: XCTestCase {
    func testNamesAreReadableAndFileSafe() throws {
        let smile = try EditingFixtures.smile()
        let c3 = try EditingFixtures.pca().component(3)
        XCTAssertEqual(try Edit(direction: smile, strength: 2).name, "smile+2")
        XCTAssertEqual(try Edit(direction: smile, strength: -1.5).name, "smile-1.5")
        XCTAssertEqual(try Edit(direction: smile, strength: 0).name, "smile+0")
        XCTAssertEqual(try Edit(direction: smile, strength: -0.0).name, "smile+0")
        XCTAssertEqual(try Edit(direction: smile, strength: 0.1).name, "smile+0.1")
        XCTAssertEqual(try Edit(direction: smile, strength: 1e-5).name, "smile+1e-05")
        XCTAssertEqual(try Edit(direction: c3, strength: 2).name, "ffhq_pca_c3=2")
        XCTAssertEqual(try Edit(direction: c3, strength: 2, mode: .add).name, "ffhq_pca_c3+2")
        XCTAssertEqual(try Edit(direction: smile, strength: 1, center: true).name, "smile=1")
        XCTAssertEqual(try Edit(direction: smile, strength: 2, layers: LayerRange(parsing: "4-5")).name, "smile+2@4-5")
        XCTAssertEqual(try Edit(direction: smile, strength: 2, layers: LayerRange(parsing: "0-3,8")).name, "smile+2@0-3_8")
        XCTAssertEqual(EditName.name(for: [try Edit(direction: smile, strength: 2), try Edit(direction: c3, strength: -1)]),
                       "smile+2__ffhq_pca_c3=-1")
        let odd = EditingFixtures.direction("a b/c\u{e9}", smile.vector)
        XCTAssertEqual(try Edit(direction: odd, strength: 1).name, "a_b_c_+1")
        XCTAssertEqual(EditName.strengthText(Float(1) / 3), "0.33333334")
    }
}
