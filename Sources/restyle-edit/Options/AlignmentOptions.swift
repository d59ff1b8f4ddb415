import ArgumentParser
import FaceDetection

/// `--landmark-model FILE`: dlib's 68-point shape predictor (default: RESTYLE_DLIB_MODEL, else Debian's
/// /usr/share/dlib/shape_predictor_68_face_landmarks.dat from libdlib-data).
struct LandmarkModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("dlib 68-point shape predictor (default: $RESTYLE_DLIB_MODEL, else \(LandmarkModel.debianPath)).",
                               valueName: "file"), completion: .file())
    var landmarkModel: String?

    /// The model path after the defaults.
    var path: String { LandmarkModel.path(explicit: landmarkModel) }
}

/// `--align/--no-align` and `--landmark-model` for the commands that invert photos.
struct AlignmentOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Detect the face (dlib) and crop it as the official align_faces_parallel.py does before inverting (default: on for face checkpoints when an input is not already a square at the encoder's size)."))
    var align: Bool?

    @OptionGroup var model: LandmarkModelOptions
}
