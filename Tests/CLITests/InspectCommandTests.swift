import Foundation
import TestSupport
import XCTest

final class InspectCommandTests: XCTestCase {
    var pose: String { get throws { try OfficialFixtures.file("restyle/pose.pt").path } }
    var pca: String { get throws { try OfficialFixtures.file("e4e/ffhq_pca.pt").path } }

    func testTableListsEveryTensorWithDtypeShapeAndDevice() throws {
        let r = try CommandRunner.run(["inspect", pose, pca])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("[1, 18, 512]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("cuda:0"), r.stdout)
        XCTAssertTrue(r.stdout.contains("comp  float32  [80, 1, 512]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("3 tensors, 41552 parameters"), r.stdout)
    }

    func testJSONHasTheSameFacts() throws {
        let r = try CommandRunner.run(["inspect", "--json", pca])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.count, 1)
        XCTAssertEqual(json[0]["tensor_count"] as? Int, 3)
        XCTAssertEqual(json[0]["parameter_count"] as? Int, 512 + 80 * 512 + 80)
        let tensors = try XCTUnwrap(json[0]["tensors"] as? [[String: Any]])
        XCTAssertEqual(tensors.map { $0["key"] as? String }, ["mean", "comp", "std"])
        XCTAssertEqual(tensors[1]["shape"] as? [Int], [80, 1, 512])
    }

    func testCheckpointMetadataIsShown() throws {
        let file = TestPaths.fixtures.appendingPathComponent("generator/g32_restyle.pt").path
        let r = try CommandRunner.run(["inspect", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("opts: dict"), r.stdout)
        XCTAssertTrue(r.stdout.contains("output_size: 32"), r.stdout)
        XCTAssertTrue(r.stdout.contains("state_dict.decoder.conv1.conv.weight"), r.stdout)
        XCTAssertTrue(r.stdout.contains("72 tensors"), r.stdout)
    }

    func testMissingFileIsAnErrorNamingItAndTheRestStillPrint() throws {
        let r = try CommandRunner.run(["inspect", "/nonexistent/model.pt", pca])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("/nonexistent/model.pt"), r.stderr)
        XCTAssertTrue(r.stdout.contains("[80, 1, 512]"), r.stdout)
        XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
    }

    func testNonCheckpointIsAClearError() throws {
        let image = try OfficialFixtures.file("e4e/input_img.jpg").path
        let r = try CommandRunner.run(["inspect", image])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("input_img.jpg"), r.stderr)
    }
}
