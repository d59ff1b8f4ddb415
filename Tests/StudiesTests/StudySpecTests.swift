import Foundation
import JSONCodec
import Studies
import TensorCore
import TestSupport
import XCTest

/// Study files: parsing, defaults, and errors that name the key.
final class StudySpecTests: XCTestCase {
    var fixture: StudyFixture!

    override func setUpWithError() throws { fixture = try StudyFixture() }
    override func tearDown() { fixture.remove() }

    private func errorText(_ text: String, check: Bool = false) -> String {
        do {
            let spec = try StudySpec(contentsOf: try fixture.write(text))
            if check { _ = try spec.checkInputs() }
            return "no error"
        } catch { return "\(error)" }
    }

    func testParsesTheStandardStudyWithResolvedPaths() throws {
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy()))
        XCTAssertEqual(spec.name, "tiny")
        XCTAssertEqual(spec.images, .directory(fixture.images.standardizedFileURL))
        XCTAssertEqual(spec.inverters.map(\.name), ["pSp"])
        XCTAssertEqual(spec.inverters[0].steps, [1, 2])                   // sorted
        XCTAssertEqual(spec.directions[0].strengths, [-1, 2])
        XCTAssertEqual(spec.metrics, [.mse, .psnr, .ssim, .latentAverageDistance, .wPlusSpread, .mahalanobis, .lec, .lecImageMSE, .imageChange])
        XCTAssertEqual(spec.seed, 3)
        XCTAssertEqual(spec.wSamples, 200)
        XCTAssertEqual(spec.output.path, fixture.dir.appendingPathComponent("out").standardizedFileURL.path)
        XCTAssertEqual(try spec.checkInputs().map(\.lastPathComponent), ["face0.png", "face1.png"])
    }

    /// `"encoder": NAME` (or no checkpoint at all: e4e) asks the caller's resolver, as the CLI resolves the shipped
    /// encoders; without a resolver, or with both keys, the error names the key.
    func testShippedEncoderInvertersAskTheResolver() throws {
        let withCheckpoint = "\"checkpoint\": \"\(fixture.checkpoint.path)\""
        let byName = fixture.standardStudy().replacingOccurrences(of: withCheckpoint, with: "\"encoder\": \"psp\"")
        let unnamed = fixture.standardStudy().replacingOccurrences(of: withCheckpoint + ", ", with: "")
        var asked: [String] = []
        let resolve: (String) throws -> URL = { name in
            asked.append(name)
            guard name == "psp" || name == "e4e" else { throw StudyError.invalidStudy(file: "cli", keyPath: "-", reason: "no \(name)") }
            return URL(fileURLWithPath: "/models/restyle_\(name).pt")
        }
        XCTAssertEqual(try StudySpec(contentsOf: try fixture.write(byName), shippedEncoder: resolve).inverters[0].checkpoint.path,
                       "/models/restyle_psp.pt")
        XCTAssertEqual(try StudySpec(contentsOf: try fixture.write(unnamed), shippedEncoder: resolve).inverters[0].checkpoint.path,
                       "/models/restyle_e4e.pt")
        XCTAssertEqual(asked, ["psp", "e4e"])
        let noResolver = errorText(byName)
        XCTAssertTrue(noResolver.contains("inverters[0].checkpoint") && noResolver.contains("psp"), noResolver)
        let both = errorText(fixture.standardStudy().replacingOccurrences(of: withCheckpoint, with: withCheckpoint + ", \"encoder\": \"psp\""))
        XCTAssertTrue(both.contains("inverters[0]") && both.contains("not both"), both)
        let unknown = byName.replacingOccurrences(of: "\"psp\"", with: "\"vgg\"")
        XCTAssertThrowsError(try StudySpec(contentsOf: try fixture.write(unknown), shippedEncoder: resolve)) {
            XCTAssertTrue("\($0)".contains("inverters[0].encoder") && "\($0)".contains("no vgg"), "\($0)")
        }
    }

    /// `"precision"` per inverter: fp32 by default, bf16 when asked; another value names the key and the valid ones.
    func testInverterPrecision() throws {
        XCTAssertEqual(try StudySpec(contentsOf: try fixture.write(fixture.standardStudy())).inverters[0].precision, .fp32)
        let bf16 = fixture.standardStudy().replacingOccurrences(of: "\"steps\": [2, 1]", with: "\"steps\": [2, 1], \"precision\": \"bf16\"")
        XCTAssertEqual(try StudySpec(contentsOf: try fixture.write(bf16)).inverters[0].precision, .bf16)
        let bad = errorText(bf16.replacingOccurrences(of: "\"bf16\"", with: "\"fp16\""))
        XCTAssertTrue(bad.contains("inverters[0].precision") && bad.contains("fp32, bf16"), bad)
    }

    func testUnknownKeysNameTheKeyPath() {
        let top = errorText(fixture.standardStudy().replacingOccurrences(of: "\"seed\": 3", with: "\"seeds\": 3"))
        XCTAssertTrue(top.contains("unknown key \"seeds\""), top)
        let nested = errorText(fixture.standardStudy().replacingOccurrences(of: "\"steps\": [2, 1]", with: "\"step\": [2, 1]"))
        XCTAssertTrue(nested.contains("\"step\"") && nested.contains("inverters[0]"), nested)
    }

    func testBadValuesNameTheKeyPath() {
        let steps = errorText(fixture.standardStudy().replacingOccurrences(of: "[2, 1]", with: "[0, 1]"))
        XCTAssertTrue(steps.contains("inverters[0].steps"), steps)
        let strengths = errorText(fixture.standardStudy().replacingOccurrences(of: "[-1, 2]", with: "[]"))
        XCTAssertTrue(strengths.contains("directions[0].strengths"), strengths)
        let metric = errorText(fixture.standardStudy(metrics: "[\"mse\", \"fid\"]"))
        XCTAssertTrue(metric.contains("metrics[1]") && metric.contains("\"fid\""), metric)
        let type = errorText(fixture.standardStudy().replacingOccurrences(of: "\"seed\": 3", with: "\"seed\": \"three\""))
        XCTAssertTrue(type.contains("seed") && type.contains("expected integer"), type)
        let images = errorText(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": 5"))
        XCTAssertTrue(images.contains("\"images\"") && images.contains("rendered:N"), images)
        let rendered = errorText(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"rendered:x\""))
        XCTAssertTrue(rendered.contains("rendered:N"), rendered)
    }

    func testMissingInputsAreCaughtBeforeWork() {
        let checkpoint = errorText(fixture.standardStudy().replacingOccurrences(of: fixture.checkpoint.path, with: "/nope/model.pt"), check: true)
        XCTAssertTrue(checkpoint.contains("inverters[0].checkpoint") && checkpoint.contains("/nope/model.pt"), checkpoint)
        let dir = errorText(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"missing\""), check: true)
        XCTAssertTrue(dir.contains("image directory") && dir.contains("missing"), dir)
        let list = errorText(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": [\"images/face0.png\", \"images/none.png\"]"), check: true)
        XCTAssertTrue(list.contains("images[1]"), list)
        let twice = errorText(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": [\"images/face0.png\", \"./images/face0.png\"]"), check: true)
        XCTAssertTrue(twice.contains("images[1]") && twice.contains("must be unique"), twice)
    }

    func testRenderedImagesNeedTheShippedModel() throws {
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"rendered:200\"")))
        XCTAssertEqual(spec.images, .rendered(count: 200))
        XCTAssertThrowsError(try spec.checkInputs()) { error in
            XCTAssertTrue("\(error)".contains("needs held-out faces") && "\(error)".contains("heldout"), "\(error)")
        }
    }

    /// `rendered:N`: the first N PNGs of the held-out folder (here `renderedFaces`, a copy of examples/faces), whose
    /// labels.csv becomes the true attributes; too few faces or no labels are errors naming the folder.
    func testRenderedImagesComeFromTheHeldOutFolder() throws {
        let fm = FileManager.default
        let held = fixture.dir.appendingPathComponent("heldout")
        try fm.copyItem(at: TestPaths.repositoryRoot.appendingPathComponent("examples/faces"), to: held)
        var spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"rendered:3\"")))
        spec.renderedFaces = held
        XCTAssertEqual(try spec.checkInputs().map(\.lastPathComponent), ["face0.png", "face1.png", "face2.png"])
        XCTAssertEqual(spec.trueAttributes, held.appendingPathComponent("labels.csv"))

        spec.images = .rendered(count: 9)
        XCTAssertThrowsError(try spec.checkInputs()) { error in
            XCTAssertTrue("\(error)".contains("rendered:9 asks for 9 held-out faces") && "\(error)".contains("has 8"), "\(error)")
        }
        spec.images = .rendered(count: 2)
        try fm.removeItem(at: held.appendingPathComponent("labels.csv"))
        XCTAssertThrowsError(try spec.checkInputs()) { error in
            XCTAssertTrue("\(error)".contains("labels file of the held-out faces"), "\(error)")
        }
        // Without renderedFaces the folder is heldout/ next to the first inverter's checkpoint.
        spec.renderedFaces = nil
        XCTAssertEqual(spec.renderedFacesDirectory, fixture.checkpoint.deletingLastPathComponent().appendingPathComponent("heldout"))
    }

    func testZeroCellsSaysWhy() throws {
        let empty = fixture.dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy().replacingOccurrences(of: "\"images\": \"images\"", with: "\"images\": \"empty\"")))
        XCTAssertThrowsError(try StudyRunner(spec: spec).run()) { error in
            XCTAssertTrue("\(error)".contains("no .png/.jpg/.jpeg images in"), "\(error)")
        }
        let good = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy()))
        XCTAssertThrowsError(try StudyRunner(spec: good).run(limit: 0)) { XCTAssertTrue("\($0)".contains("--limit 0"), "\($0)") }
        // 2 images × 1 inverter = 2 cells: shard 3/3 is empty.
        XCTAssertThrowsError(try StudyRunner(spec: good).run(shard: StudyShard(parsing: "3/3"))) { XCTAssertTrue("\($0)".contains("shard 3/3"), "\($0)") }
        XCTAssertThrowsError(try StudyShard(parsing: "4/3"))
        XCTAssertThrowsError(try StudyShard(parsing: "1-3"))
    }

    func testUnknownDirectionStopsBeforeAnyCell() throws {
        let spec = try StudySpec(contentsOf: try fixture.write(fixture.standardStudy().replacingOccurrences(of: "\"name\": \"planted\"", with: "\"name\": \"plantd\"")))
        XCTAssertThrowsError(try StudyRunner(spec: spec).run())
        let cells = fixture.dir.appendingPathComponent("out/cells.tsv")
        let text = (try? String(contentsOf: cells, encoding: .utf8)) ?? ""
        XCTAssertEqual(text, "")
    }
}
