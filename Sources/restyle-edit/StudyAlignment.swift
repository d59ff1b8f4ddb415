import FaceDetection
import Foundation
import Workflows
import ImageCodecs
import Inversion

/// `--align/--no-align` for `study run`: each cell's photo is detected and cropped as `invert` does it (the default
/// for face checkpoints when the photo is not already a square at the encoder's size). The landmark model is loaded
/// once, on first use; each call gets its own detector (cells run on several threads).
final class StudyAlignment: @unchecked Sendable {
    private let flag: Bool?
    private let modelPath: String
    private let lock = NSLock()
    private var model: LandmarkModel?

    init(flag: Bool?, modelPath: String) {
        self.flag = flag
        self.modelPath = modelPath
    }

    /// The hook for `StudyRunner.preprocess`: nil when no inverter could need it (`--no-align`).
    var preprocess: (@Sendable (RGBImage, URL, ReStyleModel) throws -> RGBImage)? {
        if flag == false { return nil }
        return { [self] image, file, model in try self.prepare(image, file: file, model: model) }
    }

    func prepare(_ image: RGBImage, file: URL, model: ReStyleModel) throws -> RGBImage {
        let side = max(model.inputWidth, model.inputHeight)
        let aligner = PhotoAligner(mode: PhotoAligner.mode(flag: flag, datasetType: model.datasetType), modelPath: modelPath)
        guard aligner.shouldDetect(image, side: side) else { return image }
        let finder = try FaceFinder(model: loadedModel(), threads: 1)
        let face = try finder.largestFace(in: image, file: file.path)
        return FFHQAlignment(landmarks: face.landmarks).aligned(image, size: side)
    }

    private func loadedModel() throws -> LandmarkModel {
        lock.lock()
        defer { lock.unlock() }
        if let model { return model }
        let loaded = try LandmarkModel(contentsOf: modelPath)
        model = loaded
        return loaded
    }
}
