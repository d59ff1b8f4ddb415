import Foundation

/// Why faces could not be found or landmarked. Each description is one sentence naming the file.
public enum FaceDetectionError: Error, CustomStringConvertible, Equatable {
    /// The landmark model file does not exist.
    case modelMissing(path: String)
    /// The landmark model file could not be read as a dlib shape predictor.
    case modelCorrupt(path: String, detail: String)
    /// The detector found no face in the image.
    case noFace(file: String)
    /// The image is smaller than the detector's window even after upsampling.
    case imageTooSmall(file: String, width: Int, height: Int, minimumSide: Int)
    /// dlib reported an error (its message).
    case dlibFailed(file: String, detail: String)

    public var description: String {
        switch self {
        case let .modelMissing(path):
            return "\(path): landmark model not found: install Debian's libdlib-data (apt-get install libdlib-data), "
                + "or pass --landmark-model FILE or set \(LandmarkModel.environmentVariable)"
        case let .modelCorrupt(path, detail):
            return "\(path): not a readable dlib 68-point shape predictor (\(detail)): reinstall Debian's libdlib-data "
                + "(apt-get install --reinstall libdlib-data) or pass another --landmark-model"
        case let .noFace(file):
            return "\(file): no face found"
        case let .imageTooSmall(file, width, height, minimumSide):
            return "\(file): \(width)x\(height) is too small for the face detector (at least \(minimumSide) px per side)"
        case let .dlibFailed(file, detail):
            return "\(file): face detection failed in dlib (\(detail))"
        }
    }
}
