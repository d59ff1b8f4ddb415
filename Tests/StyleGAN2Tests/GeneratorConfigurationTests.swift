import Checkpoints
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

final class GeneratorConfigurationTests: XCTestCase {
    func testInfersG32FromEveryLayout() throws {
        for file in ["g32_restyle.pt", "g32_rosinality.pt", "g32_bare.pt"] {
            let c = try GeneratorConfiguration(inferringFrom: StateDict.load(GeneratorFixtures.url(file)))
            XCTAssertEqual(c.size, 32, file)
            XCTAssertEqual(c.styleDim, 32, file)
            XCTAssertEqual(c.mappingLayers, 3, file)
            XCTAssertEqual(c.channels, [4: 24, 8: 20, 16: 12, 32: 10], file)
            XCTAssertEqual(c.nLatent, 8, file)
            XCTAssertEqual(c.noiseLayerCount, 7, file)
            XCTAssertEqual(c.blockCount, 3, file)
        }
    }

    func testInfersG256() throws {
        let c = try GeneratorConfiguration(inferringFrom: StateDict.load(GeneratorFixtures.url("g256_restyle.pt")))
        XCTAssertEqual(c, try GeneratorConfiguration(size: 256, styleDim: 64, mappingLayers: 8,
                                                     channels: [4: 32, 8: 32, 16: 32, 32: 32, 64: 32, 128: 16, 256: 8]))
        XCTAssertEqual(c.nLatent, 14)
        XCTAssertEqual(c.noiseLayerCount, 13)
        XCTAssertEqual(c.noiseResolution(layer: 0), 4)
        XCTAssertEqual(c.noiseResolution(layer: 12), 256)
    }

    func testLoadedParameterCountMatchesFile() throws {
        let sd = try StateDict.load(GeneratorFixtures.url("g256_restyle.pt"))
        let c = try GeneratorConfiguration(inferringFrom: sd)
        // Parameters = every decoder tensor except the buffers (noise planes, blur/upsample kernels).
        let parameters = sd.tensors.filter { $0.key.hasPrefix("state_dict.decoder.") && !$0.key.contains("noises.")
            && !$0.key.hasSuffix(".kernel") }.reduce(0) { $0 + $1.tensor.count }
        XCTAssertEqual(c.parameterCount, parameters)
    }

    func testStandard1024Configuration() throws {
        let c = try GeneratorConfiguration.standard(size: 1024)
        XCTAssertEqual(c.nLatent, 18)
        XCTAssertEqual(c.noiseLayerCount, 17)
        XCTAssertEqual(c.channels[64], 512)
        XCTAssertEqual(c.channels[1024], 32)
        XCTAssertEqual(Double(c.parameterCount) / 1e6, 30.37, accuracy: 0.01)   // architecture §D.1
    }

    func testRejectsInvalidConfigurations() {
        XCTAssertThrowsError(try GeneratorConfiguration(size: 48, styleDim: 8, mappingLayers: 1, channels: [:]))
        XCTAssertThrowsError(try GeneratorConfiguration(size: 2048, styleDim: 8, mappingLayers: 1, channels: [:]))
        XCTAssertThrowsError(try GeneratorConfiguration(size: 16, styleDim: 8, mappingLayers: 1, channels: [4: 8, 8: 8])) { error in
            XCTAssertTrue("\(error)".contains("resolution 16"), "\(error)")
        }
    }
}
