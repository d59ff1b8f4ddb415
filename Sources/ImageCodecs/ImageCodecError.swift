/// Why an image could not be read, decoded, converted, encoded or written. Every case about a file
/// names it (`file` is the path as given, or the name passed to `ImageFile.decode(data:name:)`).
public enum ImageCodecError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission...).
    case unreadable(file: String, reason: String)
    /// The file has zero bytes.
    case emptyFile(file: String)
    /// The bytes are neither PNG nor JPEG; `looksLike` guesses what they are (e.g. "text starting with …").
    case notAnImage(file: String, looksLike: String)
    /// The data ends early (libpng ran out of data, or libjpeg's "Premature end of JPEG file");
    /// `message` is the library's.
    case truncated(file: String, format: ImageFormat, message: String)
    /// The library rejected the data (bad CRC, bad compressed data, bad markers...); `message` is the library's.
    case corrupt(file: String, format: ImageFormat, message: String)
    /// A valid file this package does not decode (CMYK/YCCK JPEG).
    case unsupported(file: String, format: ImageFormat, reason: String)
    /// The header's dimensions exceed the decode limits (a guard against decompression bombs).
    case tooLarge(file: String, width: Int, height: Int, limits: ImageDecodeLimits)
    /// Writing: the file name's extension names no supported format.
    case unsupportedExtension(file: String, pathExtension: String)
    /// JPEG quality outside 1...100.
    case invalidQuality(Int)
    /// `RGBImage(tensor:)` got a tensor that is not `[3, H, W]` or `[1, 3, H, W]`.
    case invalidTensorShape([Int])
    /// The encoder failed (e.g. a zero-sized image); `message` is the library's.
    case encodeFailed(file: String, format: ImageFormat, message: String)
    /// The encoded bytes could not be written atomically; the destination is unchanged.
    case writeFailed(file: String, reason: String)

    /// The file this error is about, when there is one.
    public var file: String? {
        switch self {
        case .unreadable(let file, _), .emptyFile(let file), .notAnImage(let file, _),
             .truncated(let file, _, _), .corrupt(let file, _, _), .unsupported(let file, _, _),
             .tooLarge(let file, _, _, _), .unsupportedExtension(let file, _), .encodeFailed(let file, _, _),
             .writeFailed(let file, _):
            return file
        case .invalidQuality, .invalidTensorShape:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .emptyFile(let file):
            return "\(file): the file is empty (0 bytes), not an image"
        case .notAnImage(let file, let looksLike):
            return "\(file): not a PNG or JPEG image (it looks like \(looksLike))"
        case .truncated(let file, let format, let message):
            return "\(file): truncated \(format) file: \(message)"
        case .corrupt(let file, let format, let message):
            return "\(file): corrupt \(format) file: \(message)"
        case .unsupported(let file, let format, let reason):
            return "\(file): unsupported \(format): \(reason)"
        case .tooLarge(let file, let width, let height, let limits):
            return "\(file): image is \(width)x\(height), larger than the limit of \(limits.maximumSide) pixels per side "
                + "and \(limits.maximumPixels) pixels in all"
        case .unsupportedExtension(let file, let pathExtension):
            let shown = pathExtension.isEmpty ? "no extension" : "extension '.\(pathExtension)'"
            return "\(file): cannot infer the image format from \(shown); use .png, .jpg or .jpeg"
        case .invalidQuality(let quality):
            return "JPEG quality \(quality) is outside 1...100"
        case .invalidTensorShape(let shape):
            return "cannot make an RGB image from a tensor of shape \(shape); expected [3, H, W] or [1, 3, H, W]"
        case .encodeFailed(let file, let format, let message):
            return "\(file): cannot encode \(format): \(message)"
        case .writeFailed(let file, let reason):
            return "\(file): cannot write: \(reason)"
        }
    }
}

/// Dimensions above which decoding is refused before any pixel data is decompressed, and the largest file read.
///
/// The pixel limit keeps a decode and the resize to the encoder input under about 512 MB: a decode holds the
/// RGB pixels twice for a moment (libpng/libjpeg's buffer and its Swift copy, 6 bytes per pixel), and the resize
/// reads the 3-byte pixels row by row (`RGBImage.resizedTensor`), so 2^26 pixels cost ≈ 400 MB plus the file.
public struct ImageDecodeLimits: Equatable, Sendable {
    /// Largest allowed width or height.
    public var maximumSide: Int
    /// Largest allowed width × height.
    public var maximumPixels: Int
    /// Largest image file read (the compressed bytes are held twice while decoding).
    public var maximumFileBytes: Int

    public init(maximumSide: Int, maximumPixels: Int, maximumFileBytes: Int = ImageDecodeLimits.defaultMaximumFileBytes) {
        self.maximumSide = maximumSide
        self.maximumPixels = maximumPixels
        self.maximumFileBytes = maximumFileBytes
    }

    /// 256 MiB.
    public static let defaultMaximumFileBytes = 256 << 20

    /// 16384 pixels per side and 2^26 pixels (67 megapixels, e.g. 8192×8192; 192 MiB of RGB) in all.
    public static let standard = ImageDecodeLimits(maximumSide: 16384, maximumPixels: 1 << 26)
}
