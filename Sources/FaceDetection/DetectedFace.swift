import Inversion

/// One face: the detector's box and the predictor's 68 landmarks (image pixels).
public struct DetectedFace: Sendable {
    public let box: FaceBox
    public let landmarks: FaceLandmarks

    public init(box: FaceBox, landmarks: FaceLandmarks) {
        self.box = box
        self.landmarks = landmarks
    }
}
