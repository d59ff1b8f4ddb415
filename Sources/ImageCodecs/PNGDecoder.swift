import CPNG

/// Decodes PNG bytes to `RGBImage` through libpng (see `cpng_decode_rgb8` in Sources/CPNG/shim.h).
///
/// Conversions to 8-bit RGB:
/// - palette → the palette's RGB entries; gray (1/2/4/8/16-bit) → R = G = B;
/// - 16-bit samples → their high byte, `v >> 8` (libpng's `png_set_strip_16`). Pillow does the same for
///   16-bit RGB/RGBA/gray+alpha; for 16-bit gray *without* alpha Pillow's `convert('RGB')` clips
///   (`min(v, 255)`), which we do not copy. `v >> 8` differs from the rounded `v·255/65535` by at most 1;
/// - alpha (RGBA, gray+alpha, palette tRNS, single-color tRNS) is discarded, not composited, as Pillow's
///   `convert('RGB')` does; gAMA/cHRM/iCCP are ignored, as Pillow does.
enum PNGDecoder {
    static func decode(_ data: [UInt8], name: String, limits: ImageDecodeLimits) throws -> DecodedImage {
        var result = cpng_decode_result()
        data.withUnsafeBufferPointer { input in
            cpng_decode_rgb8(input.baseAddress, input.count, UInt32(clamping: limits.maximumSide),
                             UInt64(clamping: limits.maximumPixels), &result)
        }
        defer { cpng_free(result.pixels) }
        let message = cMessage(result.message)
        switch UInt32(result.status) {
        case CPNG_OK.rawValue:
            let width = Int(result.width), height = Int(result.height)
            let pixels = [UInt8](UnsafeBufferPointer(start: result.pixels, count: width * height * 3))
            return DecodedImage(image: RGBImage(width: width, height: height, pixels: pixels), format: .png,
                                warningCount: Int(result.warning_count), firstWarning: cMessage(result.first_warning))
        case CPNG_TRUNCATED.rawValue:
            throw ImageCodecError.truncated(file: name, format: .png, message: message)
        case CPNG_TOO_LARGE.rawValue:
            throw ImageCodecError.tooLarge(file: name, width: Int(result.width), height: Int(result.height), limits: limits)
        default:
            throw ImageCodecError.corrupt(file: name, format: .png, message: message)
        }
    }
}

