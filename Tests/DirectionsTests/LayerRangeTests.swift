import Directions
import XCTest

final class LayerRangeTests: XCTestCase {
    func testParsesRangesListsAndAll() throws {
        XCTAssertEqual(try LayerRange(parsing: "0-17").rows(styleCount: 18), Array(0...17))
        XCTAssertEqual(try LayerRange(parsing: "4-5").rows(styleCount: 18), [4, 5])
        XCTAssertEqual(try LayerRange(parsing: "0-3,8").rows(styleCount: 18), [0, 1, 2, 3, 8])
        XCTAssertEqual(try LayerRange(parsing: " 8 , 0-3 ").rows(styleCount: 18), [0, 1, 2, 3, 8])
        XCTAssertEqual(try LayerRange(parsing: "7").rows(styleCount: 8), [7])
        XCTAssertEqual(try LayerRange(parsing: "all").rows(styleCount: 14), Array(0..<14))
        XCTAssertEqual(try LayerRange(parsing: "ALL"), .all)
        XCTAssertNil(LayerRange.all.explicitRows)
        XCTAssertEqual(try LayerRange(parsing: "2-3,0-1,3-5").explicitRows, [0, 1, 2, 3, 4, 5])
    }

    func testDescriptionMergesAndRoundTrips() throws {
        for (text, canonical) in [("0-17", "0-17"), ("4-5", "4-5"), ("0-3,8", "0-3,8"), ("8,0-3", "0-3,8"),
                                  ("0-2,3-5", "0-5"), ("1,1,1", "1"), ("all", "all"), ("3-3", "3")] {
            let range = try LayerRange(parsing: text)
            XCTAssertEqual(range.description, canonical, text)
            XCTAssertEqual(try LayerRange(parsing: range.description), range, text)
        }
        XCTAssertEqual(try LayerRange(rows: [8, 0, 1, 2, 3]).description, "0-3,8")
        XCTAssertEqual(try LayerRange(4...5).description, "4-5")
        XCTAssertNotEqual(try LayerRange(parsing: "0-17"), LayerRange.all)
    }

    func testSyntaxErrorsNameTheBadPart() {
        assertThrows(try LayerRange(parsing: ""), containing: ["empty layer range"])
        assertThrows(try LayerRange(parsing: "0-3,x"), containing: ["\"0-3,x\"", "part \"x\""])
        assertThrows(try LayerRange(parsing: "5-3"), containing: ["part \"5-3\"", "backwards", "3-5"])
        assertThrows(try LayerRange(parsing: "-3"), containing: ["part \"-3\""])
        assertThrows(try LayerRange(parsing: "1-2-3"), containing: ["part \"1-2-3\""])
        assertThrows(try LayerRange(parsing: "0,,4"), containing: ["empty part"])
        assertThrows(try LayerRange(parsing: "1.5"), containing: ["part \"1.5\""])
    }

    func testRowsBeyondTheModelAreRejectedWithTheValidRange() throws {
        assertThrows(try LayerRange(parsing: "0-18", styleCount: 18),
                     containing: ["part \"0-18\"", "outside the W+ rows 0-17", "18 styles"])
        assertThrows(try LayerRange(parsing: "0-3,20").rows(styleCount: 14), containing: ["part \"20\"", "0-13"])
        XCTAssertEqual(try LayerRange(parsing: "0-17", styleCount: 18).explicitRows?.count, 18)
        XCTAssertThrowsError(try LayerRange(parsing: "8").validated(styleCount: 8)) { error in
            XCTAssertEqual(error as? LayerRangeError, .outOfRange(text: "8", part: "8", styleCount: 8))
        }
    }
}
