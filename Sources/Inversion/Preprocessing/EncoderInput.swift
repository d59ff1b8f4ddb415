import ImageCodecs
import TensorCore

/// Turns a decoded photo into the encoder's input (architecture §C.2): resized to the encoder's
/// input size, then `x = v/255·2 − 1`.
///
/// An image already at the input size is used as is, bit for bit. Other sizes are resized with an
/// antialiased bilinear filter (`F.interpolate(..., antialias=True)` semantics in float); the
/// official transforms resize with PIL in uint8, so results differ from them by rounding only.
public struct EncoderInput: Sendable, Equatable {
    /// Encoder input height and width (256×256 for the official models; 192×256 for cars).
    public let height: Int
    public let width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    public enum InputError: Error, CustomStringConvertible, Equatable {
        case tooSmall(file: String, width: Int, height: Int)
        public var description: String {
            switch self {
            case let .tooSmall(file, w, h):
                return "\(file): image is \(w)x\(h); at least 8x8 pixels are needed to invert a face"
            }
        }
    }

    /// x: `[1, 3, height, width]` in [-1, 1].
    public func tensor(for image: RGBImage, file: String = "image") throws -> Tensor {
        guard image.width >= 8 && image.height >= 8 else {
            throw InputError.tooSmall(file: file, width: image.width, height: image.height)
        }
        if image.width == width && image.height == height { return image.tensor() }       // [1, 3, H, W]
        // Resized row by row from the bytes: a full-size Float32 copy would cost 12 bytes per pixel.
        return try image.resizedTensor(height: height, width: width, mode: .antialiased)  // [1, 3, H, W]
    }
}
