import FileSupport
import Foundation

/// Reading PNG and JPEG files into `RGBImage`. The format comes from the file's first bytes, never from
/// its name; every failure is an `ImageCodecError` naming the file.
public enum ImageFile {
    /// Reads and decodes the image at `url` (PNG or JPEG, sniffed by magic bytes) to 8-bit RGB.
    /// See `PNGDecoder`/`JPEGDecoder` (in this module) for the conversion rules; alpha is discarded.
    public static func decode(contentsOf url: URL, limits: ImageDecodeLimits = .standard) throws -> RGBImage {
        let name = url.path
        // Only regular files: a FIFO would block, /dev/zero would never end.
        let data: Data
        do { data = try RegularFile.read(url, maximumBytes: limits.maximumFileBytes) } catch let error as RegularFile.OpenError {
            throw ImageCodecError.unreadable(file: name, reason: error.reason)
        }
        if data.isEmpty { throw ImageCodecError.emptyFile(file: name) }
        return try decode(data: data, name: name, limits: limits)
    }

    /// Decodes PNG or JPEG bytes (sniffed by magic bytes); `name` labels errors.
    public static func decode(data: Data, name: String, limits: ImageDecodeLimits = .standard) throws -> RGBImage {
        try decodeWithDetails(data: data, name: name, limits: limits).image
    }

    /// Like `decode(data:name:limits:)`, also telling the format and the library's harmless warnings
    /// (e.g. libjpeg's "Corrupt JPEG data: 2 extraneous bytes before marker 0xd9", libpng's "tEXt: CRC error"),
    /// which are never printed.
    public static func decodeWithDetails(data: Data, name: String,
                                         limits: ImageDecodeLimits = .standard) throws -> DecodedImage {
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw ImageCodecError.emptyFile(file: name) }
        switch ImageFormat.sniff(bytes) {
        case .png: return try PNGDecoder.decode(bytes, name: name, limits: limits)
        case .jpeg: return try JPEGDecoder.decode(bytes, name: name, limits: limits)
        case nil: throw ImageCodecError.notAnImage(file: name, looksLike: FileSignature.describe(bytes))
        }
    }

    /// The format of the file at `url` from its first bytes, or nil when it is neither PNG nor JPEG
    /// (or cannot be read).
    public static func format(of url: URL) -> ImageFormat? {
        guard let head = try? RegularFile.readPrefix(url, count: 8) else { return nil }
        return ImageFormat.sniff(head)
    }
}
