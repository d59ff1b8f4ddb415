import FaceDetection
import Foundation
import Inversion
import JSONCodec

/// The JSON written beside an aligned crop: the image, the detector's box and score, the 68 landmarks and the quad
/// (source pixels; top-left, bottom-left, bottom-right, top-right). Readable back as a `--landmarks` file (the
/// `{"landmarks": [[x, y], ...]}` shape).
enum FaceAlignmentRecord {
    static func json(image: String, face: DetectedFace, alignment: FFHQAlignment, size: Int) -> JSONValue {
        func pair(_ p: SIMD2<Double>) -> JSONValue { .array([.double(p.x), .double(p.y)]) }
        let box = face.box
        return .object(JSONObject([
            ("image", .string(image)),
            ("size", .int(Int64(size))),
            ("box", .object(JSONObject([("left", .int(Int64(box.left))), ("top", .int(Int64(box.top))),
                                         ("right", .int(Int64(box.right))), ("bottom", .int(Int64(box.bottom))),
                                         ("confidence", .double(box.confidence))]))),
            ("landmarks", .array(face.landmarks.points.map(pair))),
            ("quad", .array(alignment.quad.map(pair))),
        ]))
    }
}
