@testable import EditorServer
import XCTest

/// The editor's multipart/form-data reader on good and hostile bodies: parts come out exactly, every malformed body
/// is an EditorError (never a trap).
final class MultipartFormTests: XCTestCase {
    func testPartsComeOutExactly() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"steps\"\r\n\r\n5\r\n--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a/face.png\"\r\nContent-Type: image/png\r\n\r\n\u{0}\r\n--x\r\n--b--\r\n".utf8)
        let form = try MultipartForm(body: body, boundary: "b")
        XCTAssertEqual(form.parts.map(\.name), ["steps", "image"])
        XCTAssertEqual(form.text("steps"), "5")
        XCTAssertEqual(form.part(named: "image")?.fileName, "a/face.png")
        XCTAssertEqual(Array(form.part(named: "image")!.body), Array("\u{0}\r\n--x".utf8), "a boundary-like line inside a part stays")
        XCTAssertEqual(InvertForm.safeName("a/../face.png"), "face.png")
        XCTAssertEqual(InvertForm.safeName("..\\x\\face.png"), "face.png")
    }

    func testBoundaryParameter() {
        XCTAssertEqual(MultipartForm.boundary(contentType: "multipart/form-data; boundary=----x1"), "----x1")
        XCTAssertEqual(MultipartForm.boundary(contentType: "Multipart/Form-Data;boundary=\"q r\""), "q r")
        XCTAssertNil(MultipartForm.boundary(contentType: "multipart/form-data"))
        XCTAssertNil(MultipartForm.boundary(contentType: "application/json; boundary=x"))
        XCTAssertNil(MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 300)))
    }

    func testMalformedBodiesAreErrors() {
        let cases: [(String, String)] = [
            ("", "no part"),
            ("--b", "line break"),
            ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", "headers do not end"),
            ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "does not end with the boundary"),
            ("--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "Content-Disposition"),
            ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--bXX", "line break"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try MultipartForm(body: Array(text.utf8), boundary: "b"), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
            }
        }
        let many = String(repeating: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n", count: 20) + "--b--"
        XCTAssertThrowsError(try MultipartForm(body: Array(many.utf8), boundary: "b")) { XCTAssertTrue("\($0)".contains("16 parts")) }
    }

    /// Random mutations of a good body: each is parsed or refused, never a trap.
    func testMutatedBodiesNeverTrap() {
        let good = Array("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\n\r\nPNGDATA\r\n--b--\r\n".utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(state >> 33) }
        for _ in 0..<5000 {
            var body = good
            for _ in 0..<(1 + next() % 4) {
                switch next() % 3 {
                case 0: body[next() % body.count] = UInt8(next() % 256)
                case 1: body.insert(UInt8(next() % 256), at: next() % body.count)
                default: if body.count > 1 { body.remove(at: next() % body.count) }
                }
            }
            _ = try? MultipartForm(body: body, boundary: "b")
        }
    }
}
