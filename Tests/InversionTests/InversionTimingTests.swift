import Foundation
import Inversion
import TensorCore
import TestSupport
import XCTest

/// Wall time of a 5-step inversion of one 64×64 image on the fixture models (printed; the bound only catches hangs).
final class InversionTimingTests: XCTestCase {
    func testFiveStepInversionTime() throws {
        let x = try InversionFixtures.golden("inputs").tensor("x")
        var report: [String] = []
        for name in ["e4e", "resnet_psp"] {
            let opened = Date()
            let model = try InversionFixtures.model(name)
            let loadSeconds = Date().timeIntervalSince(opened)
            let inverter = try ReStyleInverter(model: model)
            _ = try inverter.averageImage(height: 64, width: 64)                     // computed once per size
            var best = Double.infinity
            var trace: InversionTrace? = nil
            for _ in 0..<3 {
                let started = Date()
                trace = try inverter.invert(x)
                best = min(best, Date().timeIntervalSince(started))
            }
            XCTAssertEqual(trace?.steps.count, 5)
            XCTAssertTrue(trace!.finalCodes.scalars.allSatisfy(\.isFinite))
            XCTAssertLessThan(best, 30, "\(name): a 5-step inversion of the fixture model took \(best) s")
            report.append(String(format: "%@ load %.1f ms, 5 steps %.1f ms (%.1f ms/step)", name, loadSeconds * 1000, best * 1000, best * 200))
        }
        print("[timing] " + report.joined(separator: "; "))
    }
}
