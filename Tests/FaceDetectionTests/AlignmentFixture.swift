import Foundation
import ImageCodecs
import Inversion
import JSONCodec
import TestSupport
import XCTest

/// One case of `Tests/Fixtures/alignment/` (written by scripts/fixtures/alignment.py): which official photo, the
/// operations that derive the input from it, dlib's Python detections, and the official 256 px aligned crop.
struct AlignmentFixture {
    static let format = "restyle-alignment-fixture"
    static let version: Int64 = 1
    static var directory: URL { TestPaths.fixtures.appendingPathComponent("alignment") }

    let name: String
    let json: JSONValue
    let expected: RGBImage

    static func all() throws -> [AlignmentFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try AlignmentFixture(name: String($0.dropLast(5))) }
    }

    init(name: String) throws {
        self.name = name
        json = try JSONValue.parse(contentsOf: Self.directory.appendingPathComponent(name + ".json"))
        guard json["format"]?.stringValue == Self.format, json["version"]?.int64Value == Self.version else {
            throw XCTSkip("\(name).json: not a version-\(Self.version) \(Self.format) file")
        }
        expected = try ImageFile.decode(contentsOf: Self.directory.appendingPathComponent(name + ".png"))
    }

    /// Every detection's 68 landmarks, in dlib's order.
    var faces: [[SIMD2<Double>]] {
        (json["faces"]?.arrayValue ?? []).map { face in
            (face["landmarks"]?.arrayValue ?? []).map { SIMD2($0[0]!.doubleValue!, $0[1]!.doubleValue!) }
        }
    }

    var alignedFace: Int { Int(json["aligned_face"]!.int64Value!) }

    var quad: [SIMD2<Double>] {
        let v = json["quad"]!.arrayValue!.map { $0.doubleValue! }
        return (0..<4).map { SIMD2(v[2 * $0], v[2 * $0 + 1]) }
    }

    /// The input photo: the official file, decoded, then the recorded operations.
    func input() throws -> RGBImage {
        let source = json["input"]!["official"]!.stringValue!
        var image = try ImageFile.decode(contentsOf: OfficialFixtures.file(source))
        for op in json["input"]!["ops"]!.arrayValue! {
            switch op["op"]!.stringValue! {
            case "quad":
                let size = op["size"]!.arrayValue!.map { Int($0.int64Value!) }
                let q = op["quad"]!.arrayValue!.map { $0.doubleValue! }
                precondition(size[0] == size[1])
                image = image.quadTransformed(size: size[0], quad: (0..<4).map { SIMD2(q[2 * $0], q[2 * $0 + 1]) })
            case "lanczos":
                let size = op["size"]!.arrayValue!.map { Int($0.int64Value!) }
                image = image.lanczosResized(width: size[0], height: size[1])
            case "crop":
                let b = op["box"]!.arrayValue!.map { Int($0.int64Value!) }
                image = image.cropped(left: b[0], top: b[1], right: b[2], bottom: b[3])
            case "gray":
                image = Self.pilGray(image)
            case let other:
                throw XCTSkip("\(name).json: unknown derivation \(other)")
            }
        }
        XCTAssertEqual(image.width, Int(json["input"]!["width"]!.int64Value!), name)
        XCTAssertEqual(image.height, Int(json["input"]!["height"]!.int64Value!), name)
        return image
    }

    /// PIL `convert("L").convert("RGB")`: L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16, replicated.
    static func pilGray(_ image: RGBImage) -> RGBImage {
        var out = image.pixels
        for i in stride(from: 0, to: out.count, by: 3) {
            let l = (19595 * Int(out[i]) + 38470 * Int(out[i + 1]) + 7471 * Int(out[i + 2]) + 0x8000) >> 16
            out[i] = UInt8(l); out[i + 1] = UInt8(l); out[i + 2] = UInt8(l)
        }
        return RGBImage(width: image.width, height: image.height, pixels: out)
    }
}

/// Per-byte agreement of two images of one size: the largest difference, the 99.9th percentile and the share
/// within 2 levels.
struct PixelAgreement: CustomStringConvertible {
    let maximum: Int
    let percentile999: Int
    let withinTwo: Double

    init(_ a: RGBImage, _ b: RGBImage) {
        precondition(a.width == b.width && a.height == b.height)
        var histogram = [Int](repeating: 0, count: 256)
        for i in 0..<a.pixels.count { histogram[abs(Int(a.pixels[i]) - Int(b.pixels[i]))] += 1 }
        let n = a.pixels.count
        maximum = histogram.lastIndex { $0 > 0 } ?? 0
        var seen = 0, p = 0
        for (d, c) in histogram.enumerated() {
            seen += c
            if Double(seen) >= 0.999 * Double(n) { p = d; break }
        }
        percentile999 = p
        withinTwo = Double(histogram[0...2].reduce(0, +)) / Double(n)
    }

    var description: String {
        "max \(maximum), p99.9 \(percentile999), \(String(format: "%.3f", withinTwo * 100))% within 2 levels"
    }
}
