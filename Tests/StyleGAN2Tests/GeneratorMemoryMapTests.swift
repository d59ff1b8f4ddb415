// Reads internal state (@testable), so it builds only where testability is on: debug builds (CI runs
// `swift test`); `swift test -c release` leaves this file out.
#if DEBUG
@testable import StyleGAN2
import Checkpoints
import TensorCore
import XCTest

/// Float32 weights that need no transformation are used straight from the memory-mapped checkpoint;
/// the equalized-lr constants are folded into small copies once at load.
final class GeneratorMemoryMapTests: XCTestCase {
    func testLargeWeightsAreBorrowedAndConstantsFolded() throws {
        let g = try GeneratorFixtures.load("g32_restyle.pt")
        let modules = [g.conv1.conv, g.toRGB1.conv] + g.convs.map(\.conv) + g.toRGBs.map(\.conv)
        XCTAssertTrue(modules.allSatisfy { $0.weight.isBorrowed }, "conv weights stay in the map")
        XCTAssertTrue(modules.allSatisfy { $0.modulationBias.isBorrowed })
        XCTAssertTrue(g.constantInput.isBorrowed)
        XCTAssertTrue(g.noises.allSatisfy(\.isBorrowed))
        XCTAssertTrue(g.convs.allSatisfy { $0.activationBias.isBorrowed })
        // Folded: modulation × 1/√D and mapping × 0.01/√D (bias × 0.01) are owned copies.
        XCTAssertFalse(g.conv1.conv.modulationWeight.isBorrowed)
        XCTAssertTrue(g.mapping.weights.allSatisfy { !$0.isBorrowed })
        XCTAssertEqual(g.conv1.conv.weightScale, Float(1 / (24.0 * 9).squareRoot()))
        XCTAssertEqual(g.toRGB1.conv.weightScale, Float(1 / 24.0.squareRoot()))
        let sd = try Checkpoints.StateDict.load(GeneratorFixtures.url("g32_restyle.pt"))
        let stored = try sd.tensor("state_dict.decoder.style.2.weight")
        XCTAssertEqual(g.mapping.weights[1].scalars[5], stored.scalars[5] * Float(0.01 / 32.0.squareRoot()), accuracy: 1e-9)
    }
}
#endif
