import TensorCore

extension RGBImage {
    /// The image as a network input resized to `height × width`: `[1, 3, height, width]`, exactly
    /// `tensor().resizedBilinear(outHeight: height, outWidth: width, mode: mode)`, but converting one row at a
    /// time, so a large photo costs its 3 bytes per pixel and never the 12 of a full-size Float32 copy.
    public func resizedTensor(height outHeight: Int, width outWidth: Int, mode: BilinearMode = .antialiased) throws -> Tensor {
        let table = RGBImage.normalizedValues
        let width = self.width
        let pixels = self.pixels
        return try Tensor.resizedBilinear(planes: 3, height: height, width: width, outHeight: outHeight, outWidth: outWidth,
                                          mode: mode) { channel, y, row in
            pixels.withUnsafeBufferPointer { source in
                let start = y * width * 3 + channel
                for x in 0..<width { row[x] = table[Int(source[start + 3 * x])] }
            }
        }
    }

    /// `(v / 255 − 0.5) / 0.5` for the 256 byte values (the conversion of `tensor()`).
    static let normalizedValues: [Float] = (0..<256).map { (Float($0) / 255 - 0.5) / 0.5 }
}
