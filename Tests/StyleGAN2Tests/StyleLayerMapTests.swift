import StyleGAN2
import XCTest

final class StyleLayerMapTests: XCTestCase {
    func testMap1024MatchesArchitectureTable() throws {
        let map = StyleLayerMap(configuration: try .standard(size: 1024))
        XCTAssertEqual(map.rowCount, 18)
        XCTAssertEqual(map.layers.count, 2 + 3 * 8)
        XCTAssertEqual(map.modules(fedBy: 0), [.conv1])
        XCTAssertEqual(map.modules(fedBy: 1), [.toRGB1, .conv(0)])
        XCTAssertEqual(map.modules(fedBy: 2), [.conv(1)])
        XCTAssertEqual(map.modules(fedBy: 3), [.toRGB(0), .conv(2)])
        XCTAssertEqual(map.modules(fedBy: 16), [.conv(15)])
        XCTAssertEqual(map.modules(fedBy: 17), [.toRGB(7)])
        XCTAssertEqual(map.modules(fedBy: 18), [])
        for j in 0..<16 {
            XCTAssertEqual(map.row(for: .conv(j)), j + 1)
            XCTAssertEqual(map.layer(.conv(j))?.noiseLayer, j + 1)
            XCTAssertEqual(map.layer(.conv(j))?.upsamples, j % 2 == 0)
        }
        for k in 0..<8 { XCTAssertEqual(map.row(for: .toRGB(k)), 2 * k + 3) }
        XCTAssertEqual(map.layer(.conv1)?.noiseLayer, 0)
        XCTAssertNil(map.layer(.toRGB1)?.noiseLayer)
        XCTAssertNil(map.row(for: .conv(16)))
        // Channels and resolutions of the §A.8 table.
        XCTAssertEqual(map.layer(.conv(8)).map { [$0.inChannels, $0.outChannels, $0.resolution] }, [512, 256, 128])
        XCTAssertEqual(map.layer(.conv(15)).map { [$0.inChannels, $0.outChannels, $0.resolution] }, [32, 32, 1024])
        XCTAssertEqual(map.layer(.toRGB(4)).map { [$0.inChannels, $0.outChannels, $0.resolution] }, [256, 3, 128])
        XCTAssertEqual(map.noiseLayers(fedBy: 3), [3])
        XCTAssertEqual(map.noiseLayers(fedBy: 17), [])
        XCTAssertEqual(map.resolutions(fedBy: 1), [4, 8])
        XCTAssertEqual(map.describe(row: 1), "row 1: to_rgb1 (4 px, 512→3), convs.0 (8 px, 512→512, up, noise 1)")
        XCTAssertEqual(map.description.split(separator: "\n").count, 18)
    }

    func testMap32() throws {
        let c = try GeneratorConfiguration(size: 32, styleDim: 32, mappingLayers: 3, channels: [4: 24, 8: 20, 16: 12, 32: 10])
        let map = StyleLayerMap(configuration: c)
        XCTAssertEqual(map.rowCount, 8)
        let rows = (0..<8).map { map.modules(fedBy: $0) }
        XCTAssertEqual(rows, [[.conv1], [.toRGB1, .conv(0)], [.conv(1)], [.toRGB(0), .conv(2)], [.conv(3)],
                              [.toRGB(1), .conv(4)], [.conv(5)], [.toRGB(2)]])
        XCTAssertEqual(map.layers.map(\.module), [.conv1, .toRGB1, .conv(0), .conv(1), .toRGB(0), .conv(2), .conv(3), .toRGB(1),
                                                  .conv(4), .conv(5), .toRGB(2)])
        XCTAssertEqual(map.layer(.conv(4)).map { [$0.inChannels, $0.outChannels, $0.resolution] }, [12, 10, 32])
        XCTAssertEqual(map.describe(row: 7), "row 7: to_rgbs.2 (32 px, 10→3)")
    }
}
