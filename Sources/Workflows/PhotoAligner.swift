import FaceDetection
import Foundation
import ImageCodecs
import Inversion

/// The face crop before inversion: from `--landmarks` points, or detected (dlib, largest face) with `--align` — both
/// through the official FFHQ crop (`FFHQAlignment.aligned`). The landmark model is loaded on first use (about 1 s).
public final class PhotoAligner {
    public enum Mode: Equatable {
        /// Never detect (`--no-align`, or the default for non-face checkpoints).
        case off
        /// Always detect (`--align`).
        case always
        /// Detect unless the image is already a square at the encoder's size (the default for face checkpoints).
        case unlessEncoderSized
    }

    public let mode: Mode
    public let modelPath: String
    private var finder: FaceFinder?

    public init(mode: Mode, modelPath: String) {
        self.mode = mode
        self.modelPath = modelPath
    }

    /// The mode for `--align/--no-align` (nil: the default) and a checkpoint whose `opts.dataset_type` is `datasetType`.
    public static func mode(flag: Bool?, datasetType: String?) -> Mode {
        if let flag { return flag ? .always : .off }
        return isFaceDataset(datasetType) ? .unlessEncoderSized : .off
    }

    /// Face checkpoints: `opts.dataset_type` names FFHQ or CelebA (ffhq_encode, celebs_super_resolution, ...).
    public static func isFaceDataset(_ datasetType: String?) -> Bool {
        guard let t = datasetType?.lowercased() else { return false }
        return t.contains("ffhq") || t.contains("celeb") || t.contains("face")
    }

    /// True when `image` should be detected and aligned for an encoder input of `side`×`side`.
    public func shouldDetect(_ image: RGBImage, side: Int) -> Bool {
        switch mode {
        case .off: return false
        case .always: return true
        case .unlessEncoderSized: return !(image.width == side && image.height == side)
        }
    }

    /// The largest face of `image`, cropped to `side`×`side`.
    public func detectAndAlign(_ image: RGBImage, side: Int, file: String) throws -> (RGBImage, DetectedFace, FFHQAlignment) {
        if finder == nil { finder = try FaceFinder(model: LandmarkModel(contentsOf: modelPath)) }
        let face = try finder!.largestFace(in: image, file: file)
        let alignment = FFHQAlignment(landmarks: face.landmarks)
        return (alignment.aligned(image, size: side), face, alignment)
    }
}
