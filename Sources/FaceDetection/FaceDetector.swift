import CDlib
import Foundation
import ImageCodecs

/// dlib's HOG frontal face detector (`dlib.get_frontal_face_detector()`), run as the official alignment script runs it:
/// `detector(img, 1)`, one upsampling by 2 before scanning. One detector per thread (dlib's is not thread-safe).
public final class FaceDetector {
    private let handle: OpaquePointer
    /// Times the image is doubled before scanning (the official scripts: 1).
    public let upsample: Int
    /// Threads one detection uses (the feature pyramid and the filter banks; the detections do not depend on it).
    /// 0 runs dlib's own serial detector instead of CDlib's level-parallel copy of it (for comparisons).
    public let threads: Int

    /// dlib's scanning window is 80×80 px: faces (and images) smaller than this after upsampling cannot be found.
    public static let windowSide = 80

    public init(upsample: Int = 1, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        precondition(upsample >= 0 && upsample <= 4, "upsample must be 0...4")
        var made: OpaquePointer?
        let result = dlibCall { cdlib_detector_create(&made, $0) }
        guard dlibSucceeded(result.status), let made else {
            throw FaceDetectionError.dlibFailed(file: "frontal face detector", detail: result.message)
        }
        handle = made
        self.upsample = upsample
        self.threads = max(threads, 0)
    }

    deinit { cdlib_detector_free(handle) }

    /// The smallest image side the detector can scan at this upsampling.
    public var minimumSide: Int { (Self.windowSide + (1 << upsample) - 1) >> upsample }

    /// Faces in `image`, in dlib's order (descending confidence). `file` names the image in errors.
    public func detect(in image: RGBImage, file: String = "image") throws -> [FaceBox] {
        try detect(in: DlibImage(image, file: file), file: file)
    }

    func detect(in image: DlibImage, file: String) throws -> [FaceBox] {
        guard min(image.width, image.height) >= minimumSide else {
            throw FaceDetectionError.imageTooSmall(file: file, width: image.width, height: image.height, minimumSide: minimumSide)
        }
        var capacity = 16
        while true {
            var boxes = [cdlib_box](repeating: cdlib_box(), count: capacity)
            var count = 0
            let result = boxes.withUnsafeMutableBufferPointer { buffer in
                dlibCall { cdlib_detect(handle, image.handle, UInt32(upsample), UInt32(threads), buffer.baseAddress, capacity, &count, $0) }
            }
            guard dlibSucceeded(result.status) else { throw FaceDetectionError.dlibFailed(file: file, detail: result.message) }
            if count > capacity { capacity = count; continue }
            return boxes.prefix(count).map {
                FaceBox(left: $0.left, top: $0.top, right: $0.right, bottom: $0.bottom, confidence: $0.confidence)
            }
        }
    }
}
