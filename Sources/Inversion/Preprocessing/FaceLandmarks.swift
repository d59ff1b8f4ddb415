import Foundation
import JSONCodec

/// Facial landmarks in image pixel coordinates (x right, y down), from any detector.
///
/// Two layouts are accepted:
/// - 68 points in the iBUG/dlib order (jaw 0–16, brows 17–26, nose 27–35, eyes 36–47, mouth 48–67);
/// - 5 points: left eye centre, right eye centre, nose tip, left mouth corner, right mouth corner
///   ("left" = the subject's right, i.e. smaller x in a frontal photo; the RetinaFace/MTCNN order).
public struct FaceLandmarks: Equatable, Sendable {
    public let points: [SIMD2<Double>]

    public enum LandmarkError: Error, CustomStringConvertible, Equatable {
        case wrongCount(file: String, count: Int)
        case notFinite(file: String, index: Int)
        case notFound(file: String, image: String)
        case outsideImage(file: String, image: String, index: Int, x: Double, y: Double, width: Int, height: Int)

        public var description: String {
            switch self {
            case let .wrongCount(file, count):
                return "\(file): expected 5 or 68 landmarks [x, y], found \(count)"
            case let .notFound(file, image):
                return "\(file): no landmarks for image '\(image)'"
            case let .notFinite(file, index):
                return "\(file): landmark \(index) is not a finite number pair"
            case let .outsideImage(file, image, index, x, y, width, height):
                return "\(file): landmark \(index) (\(x), \(y)) lies outside \(image) (\(width)×\(height)): are they another image's?"
            }
        }
    }

    public init(points: [SIMD2<Double>], source: String = "landmarks") throws {
        guard points.count == 5 || points.count == 68 else { throw LandmarkError.wrongCount(file: source, count: points.count) }
        for (i, p) in points.enumerated() where !(p.x.isFinite && p.y.isFinite) {
            throw LandmarkError.notFinite(file: source, index: i)
        }
        self.points = points
    }

    /// Centres of the two eyes and the two mouth corners.
    public var eyeLeft: SIMD2<Double> { points.count == 5 ? points[0] : Self.mean(points[36..<42]) }
    public var eyeRight: SIMD2<Double> { points.count == 5 ? points[1] : Self.mean(points[42..<48]) }
    public var mouthLeft: SIMD2<Double> { points.count == 5 ? points[3] : points[48] }
    public var mouthRight: SIMD2<Double> { points.count == 5 ? points[4] : points[54] }

    private static func mean(_ ps: ArraySlice<SIMD2<Double>>) -> SIMD2<Double> {
        ps.reduce(SIMD2<Double>(0, 0), +) / Double(ps.count)
    }

    /// Reads landmarks for `image` from a JSON file (see `LandmarkFile` for the accepted shapes).
    public static func load(contentsOf url: URL, forImage image: String) throws -> FaceLandmarks {
        try LandmarkFile(contentsOf: url).landmarks(forImage: image)
    }

    /// Throws `outsideImage` when a point lies outside a `width`×`height` image (landmarks of another image: the
    /// crop would reach far past its border).
    public func check(width: Int, height: Int, image: String, source: String) throws {
        for (i, p) in points.enumerated() where !(p.x >= 0 && p.y >= 0 && p.x <= Double(width) && p.y <= Double(height)) {
            throw LandmarkError.outsideImage(file: source, image: image, index: i, x: p.x, y: p.y, width: width, height: height)
        }
    }
}

/// A landmarks JSON file, read once. Accepted shapes: `[[x, y], ...]` or `{"landmarks": [[x, y], ...]}` (one face,
/// for one image), or a map keyed by image file name (`{"face.jpg": [[x, y], ...], ...}`, matched on the file name,
/// with or without extension).
public struct LandmarkFile: Sendable {
    public let source: String
    private let value: JSONValue

    /// True for the one-face shapes, which fit one image only.
    public var isSingleFace: Bool {
        if case .array = value { return true }
        return value["landmarks"] != nil
    }

    public init(contentsOf url: URL) throws {
        source = url.path
        value = try JSONValue.parse(contentsOf: url)
        if isSingleFace { _ = try landmarks(forImage: "") }                  // a bad list is reported now, once
    }

    public func landmarks(forImage image: String) throws -> FaceLandmarks {
        let name = URL(fileURLWithPath: image).lastPathComponent
        let stem = URL(fileURLWithPath: image).deletingPathExtension().lastPathComponent
        let list: JSONValue
        if case .array = value {
            list = value
        } else if let l = value["landmarks"] {
            list = l
        } else if let l = value[name] ?? value[stem] ?? value[image] {
            list = (l["landmarks"] ?? l)
        } else {
            throw FaceLandmarks.LandmarkError.notFound(file: source, image: name)
        }
        let pairs = try list.decode(as: [[Double]].self, at: source)
        var points: [SIMD2<Double>] = []
        for (i, p) in pairs.enumerated() {
            guard p.count == 2 else { throw FaceLandmarks.LandmarkError.notFinite(file: source, index: i) }
            points.append(SIMD2(p[0], p[1]))
        }
        return try FaceLandmarks(points: points, source: source)
    }
}
