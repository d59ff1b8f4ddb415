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

        public var description: String {
            switch self {
            case let .wrongCount(file, count):
                return "\(file): expected 5 or 68 landmarks [x, y], found \(count)"
            case let .notFound(file, image):
                return "\(file): no landmarks for image '\(image)'"
            case let .notFinite(file, index):
                return "\(file): landmark \(index) is not a finite number pair"
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

    /// Reads landmarks for `image` from a JSON file. Accepted shapes:
    /// `[[x, y], ...]` (one face), `{"landmarks": [[x, y], ...]}`, or a map keyed by image file name
    /// (`{"face.jpg": [[x, y], ...], ...}`, matched on the file name, with or without extension).
    public static func load(contentsOf url: URL, forImage image: String) throws -> FaceLandmarks {
        let value = try JSONValue.parse(contentsOf: url)
        let source = url.path
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
            throw LandmarkError.notFound(file: source, image: name)
        }
        let pairs = try list.decode(as: [[Double]].self, at: source)
        var points: [SIMD2<Double>] = []
        for (i, p) in pairs.enumerated() {
            guard p.count == 2 else { throw LandmarkError.notFinite(file: source, index: i) }
            points.append(SIMD2(p[0], p[1]))
        }
        return try FaceLandmarks(points: points, source: source)
    }
}
