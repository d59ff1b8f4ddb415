import CDlib
import ImageCodecs

/// An `RGBImage` copied once into dlib's pixel layout, for detection and landmarks (internal: no dlib type leaves
/// this target).
final class DlibImage {
    let handle: OpaquePointer
    let width: Int
    let height: Int

    init(_ image: RGBImage, file: String) throws {
        var made: OpaquePointer?
        let result = image.pixels.withUnsafeBufferPointer { pixels in
            dlibCall { cdlib_image_create(pixels.baseAddress, image.width, image.height, &made, $0) }
        }
        guard dlibSucceeded(result.status), let made else {
            throw FaceDetectionError.dlibFailed(file: file, detail: result.message)
        }
        handle = made
        width = image.width
        height = image.height
    }

    deinit { cdlib_image_free(handle) }
}
