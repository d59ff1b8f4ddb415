import CJPEG

/// Decodes JPEG bytes to `RGBImage` through libjpeg-turbo (see `cjpeg_decode_rgb8` in Sources/CJPEG/shim.h).
///
/// Baseline and progressive, YCbCr/RGB and grayscale (R = G = B) files decode with libjpeg's defaults
/// (islow IDCT, fancy upsampling), the settings Pillow uses, so results match Pillow's up to IDCT differences
/// between libjpeg-turbo versions. CMYK/YCCK files are refused. A premature end of data (libjpeg's warning
/// "Premature end of JPEG file", after which it pads with gray) is an error, as are corrupt-data warnings
/// that leave garbage pixels; other warnings are ignored.
enum JPEGDecoder {
    static func decode(_ data: [UInt8], name: String, limits: ImageDecodeLimits) throws -> DecodedImage {
        var result = cjpeg_decode_result()
        data.withUnsafeBufferPointer { input in
            cjpeg_decode_rgb8(input.baseAddress, input.count, UInt32(clamping: limits.maximumSide),
                              UInt64(clamping: limits.maximumPixels), &result)
        }
        defer { cjpeg_free(result.pixels) }
        let message = cMessage(result.message)
        switch UInt32(result.status) {
        case CJPEG_OK.rawValue:
            let width = Int(result.width), height = Int(result.height)
            let pixels = [UInt8](UnsafeBufferPointer(start: result.pixels, count: width * height * 3))
            return DecodedImage(image: RGBImage(width: width, height: height, pixels: pixels), format: .jpeg,
                                warningCount: Int(result.warning_count), firstWarning: cMessage(result.first_warning))
        case CJPEG_TRUNCATED.rawValue:
            throw ImageCodecError.truncated(file: name, format: .jpeg, message: message)
        case CJPEG_TOO_LARGE.rawValue:
            throw ImageCodecError.tooLarge(file: name, width: Int(result.width), height: Int(result.height), limits: limits)
        case CJPEG_CMYK.rawValue:
            throw ImageCodecError.unsupported(file: name, format: .jpeg,
                                              reason: "CMYK JPEG is not supported (\(message)); convert to RGB")
        default:
            throw ImageCodecError.corrupt(file: name, format: .jpeg, message: message)
        }
    }
}
