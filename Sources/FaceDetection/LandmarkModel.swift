import CDlib
import Foundation
import ImageCodecs
import Inversion

/// dlib's 68-point shape predictor (`shape_predictor_68_face_landmarks.dat`, the file the official scripts download
/// and Debian's libdlib-data installs). Read-only once loaded: one model serves every thread.
public final class LandmarkModel: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The file it was read from.
    public let path: String
    /// Points per face (68).
    public let partCount: Int

    /// Debian's copy (package libdlib-data).
    public static let debianPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
    /// Overrides `debianPath` when set and not empty.
    public static let environmentVariable = "RESTYLE_DLIB_MODEL"

    /// The model path to use: `explicit` (e.g. `--landmark-model`), else `RESTYLE_DLIB_MODEL`, else Debian's.
    public static func path(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let value = environment[environmentVariable], !value.isEmpty { return value }
        return debianPath
    }

    /// Loads the model (about 1 s for the 100 MB file). A missing file or one dlib cannot read is one error naming it.
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw FaceDetectionError.modelMissing(path: path)
        }
        var made: OpaquePointer?
        let result = dlibCall { cdlib_predictor_load(path, &made, $0) }
        guard dlibSucceeded(result.status), let made else {
            throw FaceDetectionError.modelCorrupt(path: path, detail: Self.shortened(result.message))
        }
        let parts = cdlib_predictor_parts(made)
        guard parts == 68 else {
            cdlib_predictor_free(made)
            throw FaceDetectionError.modelCorrupt(path: path, detail: "it predicts \(parts) points, not 68")
        }
        handle = made
        self.path = path
        partCount = parts
    }

    deinit { cdlib_predictor_free(handle) }

    /// The 68 points inside `box`, as dlib's Python binding returns them (integer pixels; x right, y down).
    public func landmarks(in image: RGBImage, box: FaceBox, file: String = "image") throws -> FaceLandmarks {
        try landmarks(in: DlibImage(image, file: file), box: box, file: file)
    }

    func landmarks(in image: DlibImage, box: FaceBox, file: String) throws -> FaceLandmarks {
        var xy = [Int](repeating: 0, count: 2 * partCount)
        let rect = cdlib_box(left: box.left, top: box.top, right: box.right, bottom: box.bottom, confidence: box.confidence)
        let result = xy.withUnsafeMutableBufferPointer { buffer in
            dlibCall { cdlib_predict(handle, image.handle, rect, buffer.baseAddress, buffer.count, $0) }
        }
        guard dlibSucceeded(result.status) else { throw FaceDetectionError.dlibFailed(file: file, detail: result.message) }
        let points = (0..<partCount).map { SIMD2(Double(xy[2 * $0]), Double(xy[2 * $0 + 1])) }
        return try FaceLandmarks(points: points, source: file)
    }

    /// dlib's messages can be long (a whole paragraph); keep the first line.
    private static func shortened(_ message: String) -> String {
        let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "dlib could not deserialize it" : trimmed
    }
}
