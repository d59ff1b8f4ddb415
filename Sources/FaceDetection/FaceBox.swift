/// A face found by the detector: an axis-aligned box in image pixels (dlib's inclusive corners) and its score.
public struct FaceBox: Equatable, Sendable {
    public let left: Int
    public let top: Int
    public let right: Int
    public let bottom: Int
    /// The detector's confidence (higher is surer; dlib's threshold is 0).
    public let confidence: Double

    public init(left: Int, top: Int, right: Int, bottom: Int, confidence: Double) {
        self.left = left; self.top = top; self.right = right; self.bottom = bottom
        self.confidence = confidence
    }

    /// Area in pixels (dlib's `area()`: inclusive corners).
    public var area: Int { max(right - left + 1, 0) * max(bottom - top + 1, 0) }
}
