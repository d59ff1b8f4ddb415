import CJPEG
import Foundation

/// Encodes an `RGBImage` as a baseline JFIF JPEG through libjpeg-turbo: 4:2:0 chroma subsampling and the
/// standard quantization tables scaled by `quality` (libjpeg's `jpeg_set_quality`, the scale Pillow uses).
public struct JPEGEncoder: Sendable {
    /// 1 (smallest, worst) ... 100 (largest, best).
    public let quality: Int

    /// The quality used when none is given.
    public static let defaultQuality = 95

    /// Throws `ImageCodecError.invalidQuality` outside 1...100.
    public init(quality: Int = JPEGEncoder.defaultQuality) throws {
        guard (1...100).contains(quality) else { throw ImageCodecError.invalidQuality(quality) }
        self.quality = quality
    }

    /// The JPEG bytes of `image`. `name` only labels errors (e.g. a zero-sized image, or a side over 65500).
    public func encode(_ image: RGBImage, name: String = "<memory>") throws -> Data {
        guard image.width > 0, image.height > 0 else {
            throw ImageCodecError.encodeFailed(file: name, format: .jpeg,
                                               message: "image is \(image.width)x\(image.height); JPEG needs at least 1x1")
        }
        var result = cjpeg_encode_result()
        image.pixels.withUnsafeBufferPointer { pixels in
            cjpeg_encode_rgb8(pixels.baseAddress, UInt32(clamping: image.width), UInt32(clamping: image.height),
                              Int32(quality), &result)
        }
        defer { cjpeg_free(result.data) }
        guard UInt32(result.status) == CJPEG_OK.rawValue, let bytes = result.data else {
            throw ImageCodecError.encodeFailed(file: name, format: .jpeg, message: cMessage(result.message))
        }
        return Data(bytes: bytes, count: Int(result.size))
    }
}
