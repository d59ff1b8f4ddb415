import TensorCore

extension RGBImage {
    /// The image as a network input `[1, 3, H, W]` (NCHW, channels R, G, B) with values in [-1, 1]:
    /// `x = (v / 255 − 0.5) / 0.5`, i.e. v/255·2 − 1, computed in Float32 exactly as torchvision's
    /// `ToTensor` then `Normalize(0.5, 0.5)` do (architecture.md §C.2), so the values match bit for bit.
    public func tensor() -> Tensor {
        var table = [Float](repeating: 0, count: 256)  // the 256 possible values, computed once
        for v in 0..<256 { table[v] = (Float(v) / 255 - 0.5) / 0.5 }
        var result = Tensor(zeros: [1, 3, height, width])  // [1, 3, H, W]
        let plane = width * height
        pixels.withUnsafeBufferPointer { source in
            table.withUnsafeBufferPointer { table in
                result.withUnsafeMutableBufferPointer { destination in
                    for i in 0..<plane {
                        destination[i] = table[Int(source[3 * i])]
                        destination[plane + i] = table[Int(source[3 * i + 1])]
                        destination[2 * plane + i] = table[Int(source[3 * i + 2])]
                    }
                }
            }
        }
        return result
    }

    /// The image from a network output `[3, H, W]` or `[1, 3, H, W]` (channels R, G, B) in [-1, 1],
    /// exactly as the official `tensor2im`: `UInt8(clamp((x + 1) / 2, 0, 1) · 255)` in Float32, truncating
    /// toward zero, not rounding (so 0.999 → 254, 1 → 255, −1 → 0, anything ≥ 1 → 255, ≤ −1 → 0).
    /// NaN maps to 0 (NumPy's cast of NaN is undefined). Throws `invalidTensorShape` for other shapes.
    public init(tensor: Tensor) throws {
        let shape = tensor.shape
        let channelsAxis: Int
        switch shape.count {
        case 3: channelsAxis = 0
        case 4 where shape[0] == 1: channelsAxis = 1
        default: throw ImageCodecError.invalidTensorShape(shape)
        }
        guard shape[channelsAxis] == 3 else { throw ImageCodecError.invalidTensorShape(shape) }
        let height = shape[channelsAxis + 1], width = shape[channelsAxis + 2]
        let plane = width * height
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        tensor.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                for c in 0..<3 {
                    for i in 0..<plane {
                        destination[3 * i + c] = RGBImage.tensor2imByte(source[c * plane + i])
                    }
                }
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// One value through tensor2im: `UInt8(clamp((x + 1) / 2, 0, 1) · 255)`, Float32, truncating; NaN → 0.
    @inline(__always)
    public static func tensor2imByte(_ x: Float) -> UInt8 {
        var v = (x + 1) / 2
        if !(v >= 0) { v = 0 }  // also NaN
        if v > 1 { v = 1 }
        return UInt8(v * 255)  // truncation toward zero; v·255 ∈ [0, 255]
    }
}
