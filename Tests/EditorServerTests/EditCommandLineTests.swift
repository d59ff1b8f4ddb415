import Workflows
import XCTest

/// The command line the editor's "copy command" gives: the main command's flags in its order, words a shell reads
/// back unchanged.
final class EditCommandLineTests: XCTestCase {
    func testTheHeadlineCommand() {
        let edits = [EditSpec(direction: "smile", strength: 2), EditSpec(direction: "age", strength: 0),
                     EditSpec(direction: "pose#3", strength: -1.5, layers: "0-5")]
        XCTAssertEqual(EditCommandLine.headline(image: "face.jpg", edits: edits),
                       "restyle-edit face.jpg --direction smile --strength 2 --direction pose#3 --strength -1.5 --layers 0-5")
        XCTAssertEqual(EditCommandLine.headline(image: "my face.jpg", edits: [EditSpec(direction: "smile", strength: 0.25)],
                                                checkpoint: "/m/it's.pt", encoder: "psp", directions: ["d"], iterations: 3, align: false),
                       "restyle-edit 'my face.jpg' --checkpoint '/m/it'\\''s.pt' --directions d --encoder psp --iterations 3 --no-align --direction smile --strength 0.25")
    }

    func testShellQuoting() {
        XCTAssertEqual(EditCommandLine.shellQuoted("a-b_c.d/e:f,g=h+i#j@k%l"), "a-b_c.d/e:f,g=h+i#j@k%l")
        XCTAssertEqual(EditCommandLine.shellQuoted(""), "''")
        XCTAssertEqual(EditCommandLine.shellQuoted("#1"), "'#1'")
        XCTAssertEqual(EditCommandLine.shellQuoted("$(rm -rf x)"), "'$(rm -rf x)'")
        XCTAssertEqual(EditCommandLine.shellQuoted("a'b"), "'a'\\''b'")
    }
}
