import CPNG
import Foundation

/// Encodes an `RGBImage` as an 8-bit RGB, non-interlaced PNG (zlib level 6) through libpng. Lossless:
/// decoding the result gives back the same pixels.
public struct PNGEncoder: Sendable {
    public init() {}

    /// The PNG bytes of `image`. `name` only labels errors (libpng refuses e.g. a zero-sized image).
    public func encode(_ image: RGBImage, name: String = "<memory>") throws -> Data {
        guard image.width > 0, image.height > 0 else {
            throw ImageCodecError.encodeFailed(file: name, format: .png,
                                               message: "image is \(image.width)x\(image.height); PNG needs at least 1x1")
        }
        var result = cpng_encode_result()
        image.pixels.withUnsafeBufferPointer { pixels in
            cpng_encode_rgb8(pixels.baseAddress, UInt32(clamping: image.width), UInt32(clamping: image.height), &result)
        }
        defer { cpng_free(result.data) }
        guard UInt32(result.status) == CPNG_OK.rawValue, let bytes = result.data else {
            throw ImageCodecError.encodeFailed(file: name, format: .png, message: cMessage(result.message))
        }
        return Data(bytes: bytes, count: result.size)
    }
}
