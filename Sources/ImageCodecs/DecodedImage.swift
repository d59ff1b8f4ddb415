/// A decoded image with what the decoder noticed on the way.
public struct DecodedImage: Sendable {
    public let image: RGBImage
    /// The format sniffed from the magic bytes.
    public let format: ImageFormat
    /// Harmless library warnings: the first one's text, then "… and N more warnings" when there were more.
    public let warnings: [String]
}

extension DecodedImage {
    init(image: RGBImage, format: ImageFormat, warningCount: Int, firstWarning: String) {
        var warnings: [String] = []
        if warningCount > 0 { warnings.append(firstWarning) }
        if warningCount > 1 { warnings.append("… and \(warningCount - 1) more warning\(warningCount > 2 ? "s" : "")") }
        self.init(image: image, format: format, warnings: warnings)
    }
}
