import FaceDetection
import Foundation
import XCTest

/// The 68-point model, loaded once for the whole test target (about 1 s). Tests skip cleanly where it is absent
/// (Debian package libdlib-data, or RESTYLE_DLIB_MODEL).
enum SharedLandmarkModel {
    private static let loaded: Result<LandmarkModel, Error> = Result {
        try LandmarkModel(contentsOf: LandmarkModel.path(explicit: nil))
    }

    static func model() throws -> LandmarkModel {
        let path = LandmarkModel.path(explicit: nil)
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("dlib landmark model not found: \(path) (apt-get install libdlib-data, or set \(LandmarkModel.environmentVariable))")
        }
        return try loaded.get()
    }
}
