import Studies
import XCTest

/// The report's line plots: a series' confidence band is drawn (a polygon under the lines) and widens the y axis.
final class SVGLinePlotTests: XCTestCase {
    func testBandIsDrawnAndWidensTheAxis() {
        let points: [(x: Double, y: Double)] = [(1, 1.0), (2, 2.0), (3, 3.0)]
        let plain = SVGLinePlot(title: "t", xLabel: "x", yLabel: "y", series: [.init(label: "a", points: points)]).svg
        XCTAssertFalse(plain.contains("<polygon"))
        let band = points.map { (x: $0.x, low: $0.y - 1.5, high: $0.y + 1.5) }
        let banded = SVGLinePlot(title: "t", xLabel: "x", yLabel: "y", series: [.init(label: "a", points: points, band: band)]).svg
        XCTAssertEqual(banded.components(separatedBy: "<polygon").count - 1, 1)
        XCTAssertTrue(banded.contains("fill-opacity=\"0.15\""))
        // Tick labels: the axis spans the band (-0.5 … 4.5), not only the points (1 … 3).
        XCTAssertTrue(banded.contains(">-0.5<"), banded)
        XCTAssertTrue(banded.contains(">4.5<"))
        XCTAssertTrue(plain.contains(">1<") && plain.contains(">3<"))
        XCTAssertLessThan(banded.range(of: "<polygon")!.lowerBound, banded.range(of: "<polyline")!.lowerBound,
                          "the band lies under the line")
    }
}
