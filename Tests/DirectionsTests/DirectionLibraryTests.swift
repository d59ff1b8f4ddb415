import Directions
import Foundation
import JSONCodec
import TestSupport
import XCTest

final class DirectionLibraryTests: XCTestCase {
    /// A directory with good plugins, broken ones and bare files:
    /// good: smile/ (npy [1,512]), pose_rows/ ([18,512], layers 4-5), extra.npy, ffhq_pca.pt (80 components);
    /// broken: broken/ (bad JSON), nanvec/ (NaN), narrow/ ([1,256]), notes/ (no manifest); README.md is ignored.
    private func mixedDirectory() throws -> URL {
        let dir = try DirectionFixtures.temporaryDirectory(self, "mixed")
        try DirectionFixtures.writePlugin(dir, folder: "smile", manifest: #"{"name": "smile", "file": "d.npy", "method": "interfacegan"}"#,
                                          vectorFile: "d.npy", seed: 11)
        try DirectionFixtures.writePlugin(dir, folder: "pose_rows", manifest: #"{"name": "pose_rows", "file": "d.npy", "layers": "4-5"}"#,
                                          vectorFile: "d.npy", shape: [18, 512], seed: 12)
        try DirectionFixtures.writePlugin(dir, folder: "broken", manifest: #"{"name": "broken", "file": "d.npy""#,
                                          vectorFile: "d.npy")
        var nan = [Float](repeating: 0.1, count: 512)
        nan[300] = .nan
        try DirectionFixtures.writePlugin(dir, folder: "nanvec", manifest: #"{"name": "nanvec", "file": "d.npy"}"#,
                                          vectorFile: "d.npy", values: nan)
        try DirectionFixtures.writePlugin(dir, folder: "narrow", manifest: #"{"name": "narrow", "file": "d.npy"}"#,
                                          vectorFile: "d.npy", shape: [1, 256])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try DirectionFixtures.writeNPY(dir.appendingPathComponent("extra.npy"), shape: [1, 512], seed: 13)
        try FileManager.default.copyItem(at: DirectionFixtures.ganspace, to: dir.appendingPathComponent("ffhq_pca.pt"))
        try Data("# notes\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        return dir
    }

    func testBrokenPluginsAreReportedWhileTheRestLoad() throws {
        let dir = try mixedDirectory()
        let library = DirectionLibrary(directories: [dir], styleCount: 18, styleDim: 512)
        XCTAssertEqual(library.names, ["extra", "ffhq_pca", "pose_rows", "smile"])
        XCTAssertEqual(library.problems.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["broken", "nanvec", "narrow", "notes"])
        let reasons = Dictionary(uniqueKeysWithValues: library.problems.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.description) })
        XCTAssertTrue(reasons["broken"]!.contains("broken/manifest.json:1:"), reasons["broken"]!)
        XCTAssertTrue(reasons["nanvec"]!.contains("1 non-finite value"), reasons["nanvec"]!)
        XCTAssertTrue(reasons["nanvec"]!.contains("column 300"), reasons["nanvec"]!)
        XCTAssertTrue(reasons["narrow"]!.contains("dimension 256"), reasons["narrow"]!)
        XCTAssertTrue(reasons["narrow"]!.contains("style dimension is 512"), reasons["narrow"]!)
        XCTAssertTrue(reasons["notes"]!.contains("no manifest.json"), reasons["notes"]!)
        XCTAssertTrue(library.shadowed.isEmpty)

        let smile = try library.direction(named: "smile")
        var rng = SeededGenerator(seed: 11)
        XCTAssertEqual(smile.vector.scalars, rng.normalTensor([1, 512]).scalars)
        XCTAssertEqual(smile.method, "interfacegan")
        XCTAssertEqual(library.entry(named: "ffhq_pca")?.componentCount, 80)
        XCTAssertEqual(library.entry(named: "ffhq_pca")?.displayName, "ffhq_pca#0-79")
        XCTAssertEqual(library.entry(named: "pose_rows")?.defaultLayers.description, "4-5")
        XCTAssertEqual(library.entry(named: "extra")?.location.lastPathComponent, "extra.npy")

        // Without a model the wrong-dimension plugin loads; the other three stay broken.
        let unchecked = DirectionLibrary(directories: [dir])
        XCTAssertEqual(unchecked.names, ["extra", "ffhq_pca", "narrow", "pose_rows", "smile"])
        XCTAssertEqual(unchecked.problems.count, 3)
        // A model with 16 rows rejects the per-row [18, 512] plugin.
        let sixteen = DirectionLibrary(directories: [dir], styleCount: 16, styleDim: 512)
        XCTAssertFalse(sixteen.names.contains("pose_rows"))
        XCTAssertTrue(sixteen.problems.contains { $0.description.contains("18 W+ rows, but the model has 16") })
    }

    func testLookupIsCaseInsensitiveAndSuggestsClosestNames() throws {
        let library = DirectionLibrary(directories: [try mixedDirectory()], styleCount: 18, styleDim: 512)
        XCTAssertEqual(try library.direction(named: "SMILE").name, "smile")
        XCTAssertEqual(try library.direction(named: "Pose_Rows").rowCount, 18)
        let c3 = try library.direction(named: "FFHQ_PCA#3")
        XCTAssertEqual(c3.name, "ffhq_pca#3")
        XCTAssertEqual(c3.ganspace?.index, 3)
        XCTAssertEqual(c3.mode, .set)

        XCTAssertThrowsError(try library.direction(named: "smiel")) { error in
            guard case let .unknownDirection(name, suggestions, searched)? = error as? DirectionError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "smiel")
            XCTAssertEqual(suggestions, ["smile"])
            XCTAssertEqual(searched.count, 1)
            XCTAssertTrue("\(error)".contains("did you mean \"smile\"?"), "\(error)")
        }
        XCTAssertEqual(library.suggestions(for: "pose"), ["pose_rows"])
        XCTAssertEqual(library.suggestions(for: "xtra"), ["extra"])
        XCTAssertEqual(library.suggestions(for: "qqqqqqqqqq"), [])
        XCTAssertEqual(DirectionName.suggestions(for: "agee", among: ["age", "ages", "page", "smile", "sage"]), ["age", "ages", "page"])
        assertThrows(try library.direction(named: "ffhq_pca"), containing: ["80 components", "ffhq_pca#0 … ffhq_pca#79"])
        assertThrows(try library.direction(named: "ffhq_pca#80"), containing: ["component \"80\"", "0-79"])
        assertThrows(try library.direction(named: "ffhq_pca#x"), containing: ["component \"x\""])
        assertThrows(try library.direction(named: "smile#2"), containing: ["not a GANSpace PCA file"])
        // A name whose plugin failed to load reports why, not "unknown".
        assertThrows(try library.direction(named: "Narrow"), containing: ["direction \"Narrow\" cannot be used", "dimension 256", "512"])
        assertThrows(try library.direction(named: "nanvec"), containing: ["cannot be used", "non-finite"])
    }

    func testEarlierDirectoriesWinAndShadowedOnesAreRecorded() throws {
        let first = try mixedDirectory()
        let second = try DirectionFixtures.temporaryDirectory(self, "second")
        try DirectionFixtures.writeNPY(second.appendingPathComponent("SMILE.npy"), shape: [1, 512], seed: 99)
        try FileManager.default.copyItem(at: DirectionFixtures.age, to: second.appendingPathComponent("age.pt"))
        let library = DirectionLibrary(directories: [first, second], styleCount: 18, styleDim: 512)
        XCTAssertEqual(library.names, ["extra", "ffhq_pca", "pose_rows", "smile", "age"])
        XCTAssertEqual(library.shadowed.count, 1)
        XCTAssertEqual(library.shadowed.first?.name, "SMILE")
        XCTAssertEqual(library.shadowed.first?.path, second.appendingPathComponent("SMILE.npy").path)
        XCTAssertEqual(library.shadowed.first?.shadowedBy, first.appendingPathComponent("smile").path)
        var rng = SeededGenerator(seed: 11)
        XCTAssertEqual(try library.direction(named: "smile").vector.scalars, rng.normalTensor([1, 512]).scalars)
        XCTAssertEqual(try library.direction(named: "AGE").format, .pt)

        // Reversed order: the bare SMILE.npy wins.
        let reversed = DirectionLibrary(directories: [second, first], styleCount: 18, styleDim: 512)
        XCTAssertEqual(try reversed.direction(named: "smile").name, "SMILE")
        XCTAssertEqual(reversed.shadowed.map(\.name), ["smile"])

        // Two entries of one name in the same directory: the second is a problem.
        try DirectionFixtures.writeNPY(second.appendingPathComponent("age.npy"), shape: [1, 512])
        let clash = DirectionLibrary(directories: [second])
        XCTAssertEqual(clash.names, ["age", "SMILE"])
        XCTAssertEqual(clash.problems.count, 1)
        XCTAssertTrue(clash.problems[0].description.contains("same directory"), clash.problems[0].description)
    }

    func testSearchPathOrderAndMissingDirectories() throws {
        let a = URL(fileURLWithPath: "/tmp/a"), b = URL(fileURLWithPath: "/tmp/b")
        let path = DirectionLibrary.searchPath(explicit: [a, b], environment: ["RESTYLE_DIRECTIONS": "/env/one::/tmp/a:/env/two",
                                                                                 "XDG_DATA_HOME": "/xdg"],
                                               modelDirectory: URL(fileURLWithPath: "/models/ffhq"))
        XCTAssertEqual(path.map(\.url.path), ["/tmp/a", "/tmp/b", "/env/one", "/env/two", "/xdg/restyle-edit/directions",
                                              "/models/ffhq/directions"])
        XCTAssertEqual(path.map(\.origin), [.explicit, .explicit, .environment, .environment, .user, .model])
        XCTAssertEqual(DirectionLibrary.searchPath(explicit: [], environment: ["HOME": "/home/u"], modelDirectory: nil).map(\.url.path),
                       ["/home/u/.local/share/restyle-edit/directions"])

        let missing = URL(fileURLWithPath: "/nonexistent/restyle-directions-\(UUID().uuidString)")
        let library = DirectionLibrary(directories: [
            DirectionSearchDirectory(missing, origin: .explicit),
            DirectionSearchDirectory(missing.appendingPathComponent("env"), origin: .environment),
            DirectionSearchDirectory(missing.appendingPathComponent("model"), origin: .model),
        ])
        XCTAssertEqual(library.problems, [DirectionProblem(path: missing.path, reason: "no such directory")])
        assertThrows(try library.direction(named: "smile"), containing: ["unknown direction \"smile\"", missing.path])
    }

    func testValidateDirectoryOrSinglePlugin() throws {
        let dir = try mixedDirectory()
        let all = DirectionLibrary.validate(directory: dir, styleCount: 18, styleDim: 512)
        XCTAssertFalse(all.isValid)
        XCTAssertEqual(all.problems.count, 4)
        XCTAssertEqual(all.entries.count, 4)

        let one = DirectionLibrary.validate(directory: dir.appendingPathComponent("smile"), styleCount: 18, styleDim: 512)
        XCTAssertTrue(one.isValid)
        XCTAssertEqual(one.names, ["smile"])
        XCTAssertEqual(try one.direction(named: "smile").dimension, 512)

        let narrow = DirectionLibrary.validate(directory: dir.appendingPathComponent("narrow"), styleCount: 18, styleDim: 512)
        XCTAssertFalse(narrow.isValid)
        XCTAssertEqual(narrow.names, [])
        XCTAssertTrue(narrow.problems[0].description.contains("dimension 256"))
        let narrowSmall = DirectionLibrary.validate(directory: dir.appendingPathComponent("narrow"), styleCount: 14, styleDim: 256)
        XCTAssertTrue(narrowSmall.isValid)
    }

    func testImportFileRoundTrip() throws {
        let dir = try DirectionFixtures.temporaryDirectory(self, "import")
        let target = dir.appendingPathComponent("plugins")
        let folder = try DirectionLibrary.importFile(DirectionFixtures.interfaceganSmile, name: "ig_smile",
                                                     layers: try LayerRange(parsing: "0-7"), description: "InterFaceGAN smile",
                                                     into: target)
        XCTAssertEqual(folder.lastPathComponent, "ig_smile")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), ["ig_smile"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)),
                       ["manifest.json", "stylegan_ffhq_smile_w_boundary.npy"])
        let manifest = try DirectionManifest.load(from: folder.appendingPathComponent("manifest.json"))
        XCTAssertEqual(manifest.name, "ig_smile")
        XCTAssertEqual(manifest.format, .npy)
        XCTAssertEqual(manifest.space, .w)
        XCTAssertEqual(manifest.layers?.description, "0-7")
        XCTAssertEqual(manifest.description, "InterFaceGAN smile")
        XCTAssertEqual(manifest.mode, .add)
        XCTAssertEqual(manifest.provenance?["imported_from"]?.stringValue, try DirectionFixtures.interfaceganSmile.standardizedFileURL.path)

        let library = DirectionLibrary(directories: [target], styleCount: 18, styleDim: 512)
        XCTAssertTrue(library.problems.isEmpty, "\(library.problems)")
        let imported = try library.direction(named: "IG_SMILE")
        XCTAssertEqual(imported.vector.scalars, try DirectionFile.load(DirectionFixtures.interfaceganSmile).vector.scalars)
        XCTAssertEqual(imported.defaultLayers.explicitRows, Array(0...7))

        // No silent overwrite (also case-insensitively); overwrite replaces.
        assertThrows(try DirectionLibrary.importFile(DirectionFixtures.age, name: "IG_smile", into: target),
                     containing: ["ig_smile", "already exists"])
        try DirectionLibrary.importFile(DirectionFixtures.age, name: "ig_smile", into: target, overwrite: true)
        let replaced = DirectionLibrary(directories: [target])
        XCTAssertEqual(try replaced.direction(named: "ig_smile").format, .pt)
        XCTAssertEqual(try replaced.direction(named: "ig_smile").vector.scalars, try DirectionFile.load(DirectionFixtures.age).vector.scalars)

        // GANSpace: a component is required and kept in the manifest.
        assertThrows(try DirectionLibrary.importFile(DirectionFixtures.ganspace, name: "eyes", into: target), containing: ["80 components"])
        try DirectionLibrary.importFile(DirectionFixtures.ganspace, name: "eyes", description: "eye openness", component: 54, into: target)
        let eyes = try DirectionLibrary(directories: [target]).direction(named: "eyes")
        XCTAssertEqual(eyes.ganspace?.index, 54)
        XCTAssertEqual(eyes.mode, .set)
        XCTAssertEqual(eyes.method, "ganspace")

        // Bad input leaves nothing behind.
        assertThrows(try DirectionLibrary.importFile(DirectionFixtures.age, name: "bad name", into: target), containing: ["' ' is not allowed"])
        // Layers of a one-row direction can only be checked against a model: the library reports them.
        try DirectionLibrary.importFile(DirectionFixtures.age, name: "wide", layers: try LayerRange(parsing: "3-40"), into: target)
        let checked = DirectionLibrary(directories: [target], styleCount: 18, styleDim: 512)
        XCTAssertEqual(checked.names, ["eyes", "ig_smile"])
        XCTAssertEqual(checked.problems.count, 1)
        XCTAssertTrue(checked.problems[0].description.contains("part \"3-40\" is outside the W+ rows 0-17"), checked.problems[0].description)
        let junk = dir.appendingPathComponent("junk.npy")
        try Data("nope".utf8).write(to: junk)
        assertThrows(try DirectionLibrary.importFile(junk, name: "junk", into: target), containing: ["junk.npy"])
        let left = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        XCTAssertEqual(left, ["eyes", "ig_smile", "wide"])
    }
}
