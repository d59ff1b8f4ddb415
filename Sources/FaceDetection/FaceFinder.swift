import Foundation
import ImageCodecs
import Inversion

/// Detector + landmark model: the official `get_landmark` (detect with one upsampling, then 68 points per face).
/// One finder per thread (it owns a detector); the model may be shared.
public final class FaceFinder {
    public let detector: FaceDetector
    public let model: LandmarkModel

    public init(model: LandmarkModel, upsample: Int = 1, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.model = model
        self.detector = try FaceDetector(upsample: upsample, threads: threads)
    }

    /// Every face in `image`, in the detector's order. No face is `FaceDetectionError.noFace` naming `file`.
    public func faces(in image: RGBImage, file: String) throws -> [DetectedFace] {
        let dlibImage = try DlibImage(image, file: file)
        let boxes = try detector.detect(in: dlibImage, file: file)
        guard !boxes.isEmpty else { throw FaceDetectionError.noFace(file: file) }
        return try boxes.map { DetectedFace(box: $0, landmarks: try model.landmarks(in: dlibImage, box: $0, file: file)) }
    }

    /// The largest face (by box area; the first of equal ones). The official script keeps the last detection instead.
    public func largestFace(in image: RGBImage, file: String) throws -> DetectedFace {
        let all = try faces(in: image, file: file)
        return Self.largest(of: all)
    }

    /// The face with the largest box (the first among equals).
    public static func largest(of faces: [DetectedFace]) -> DetectedFace {
        var best = faces[0]
        for face in faces.dropFirst() where face.box.area > best.box.area { best = face }
        return best
    }
}
