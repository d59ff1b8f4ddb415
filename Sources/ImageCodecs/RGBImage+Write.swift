import FileSupport
import Foundation

extension RGBImage {
    /// The encoded bytes in `format`; `quality` (1...100) applies to JPEG only. `name` labels errors.
    public func encoded(as format: ImageFormat, quality: Int = JPEGEncoder.defaultQuality,
                        name: String = "<memory>") throws -> Data {
        switch format {
        case .png: return try PNGEncoder().encode(self, name: name)
        case .jpeg: return try JPEGEncoder(quality: quality).encode(self, name: name)
        }
    }

    /// Encodes and writes the image to `url`, choosing the format from the extension (`.png`, `.jpg`,
    /// `.jpeg`, any case); `quality` (1...100) applies to JPEG only.
    ///
    /// The write is atomic (`AtomicFile.write`): the bytes go to a temporary file beside `url` that is then
    /// renamed over it, so `url` is either untouched or complete. Encoding happens first, so an encoding error
    /// never touches the file system. Missing parent directories are created.
    public func write(to url: URL, quality: Int = JPEGEncoder.defaultQuality) throws {
        guard let format = ImageFormat(pathExtension: url.pathExtension) else {
            throw ImageCodecError.unsupportedExtension(file: url.path, pathExtension: url.pathExtension)
        }
        try write(to: url, format: format, quality: quality)
    }

    /// Like `write(to:quality:)` with an explicit format, whatever the extension.
    public func write(to url: URL, format: ImageFormat, quality: Int = JPEGEncoder.defaultQuality) throws {
        let data = try encoded(as: format, quality: quality, name: url.path)
        do { try AtomicFile.write(data, to: url) } catch let error as AtomicFile.WriteError {
            throw ImageCodecError.writeFailed(file: url.path, reason: error.reason)
        } catch {
            throw ImageCodecError.writeFailed(file: url.path, reason: "\(error)")
        }
    }
}
