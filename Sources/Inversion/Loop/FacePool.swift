import TensorCore

/// ReStyle's `face_pool` for any generator size: adaptive average pooling of a generator output to the encoder
/// input size (architecture §0.10, §C.3, §C.4), with the cars row crop when asked for.
public struct FacePool: Sendable, Equatable {
    /// Encoder input size.
    public let height: Int
    public let width: Int
    public let crop: OutputCrop

    /// Throws `invalidOption` for an empty size, or for `.carsRows` unless height = 3·width/4.
    public init(height: Int, width: Int, crop: OutputCrop = .none) throws {
        guard height >= 1, width >= 1 else { throw InversionError.invalidOption(name: "encoder input size", reason: "\(height)×\(width)") }
        if crop == .carsRows {
            guard width % 8 == 0, height == width * 3 / 4 else {
                throw InversionError.invalidOption(name: "encoder input size", reason: "the cars crop needs height = 3·width/4 with width a multiple of 8 (192×256), got \(height)×\(width)")
            }
        }
        self.height = height; self.width = width; self.crop = crop
    }

    /// The reported image of a step: the generator output, cropped for cars. image: `[B, 3, S, S]` → `[B, 3, S', S]`
    /// (S' = S, or 3S/4 for cars).
    public func reported(_ image: Tensor) throws -> Tensor {
        switch crop {
        case .none: return image
        case .carsRows:
            let s = image.shape[2]
            return try FacePool.rows(image, s / 8 ..< s - s / 8)                          // [B, 3, 3S/4, S]
        }
    }

    /// The feedback image: a reported image pooled to the encoder size. `[B, 3, S', S]` → `[B, 3, height, width]`.
    public func feedback(_ reported: Tensor) throws -> Tensor {
        try reported.adaptiveAvgPool2d(outHeight: height, outWidth: width)               // [B, 3, H, W]
    }

    /// The first feedback image from `G(start code)`: `face_pool` then (cars) the crop of rows W/8..<7W/8.
    /// image: `[B, 3, S, S]` → `[B, 3, height, width]`.
    public func startImage(_ image: Tensor) throws -> Tensor {
        switch crop {
        case .none: return try feedback(image)                                            // [B, 3, H, W]
        case .carsRows:
            let square = try image.adaptiveAvgPool2d(outHeight: width, outWidth: width)  // [B, 3, W, W]
            return try FacePool.rows(square, width / 8 ..< width - width / 8)            // [B, 3, 3W/4, W]
        }
    }

    /// Rows `range` of every plane. x: `[B, C, H, W]` → `[B, C, range.count, W]`.
    static func rows(_ x: Tensor, _ range: Range<Int>) throws -> Tensor {
        guard x.rank == 4, range.lowerBound >= 0, range.upperBound <= x.shape[2], !range.isEmpty else {
            throw InversionError.invalidInput(argument: "image to crop to rows \(range)", expected: "[B, C, H ≥ \(range.upperBound), W]", actual: x.shape)
        }
        let planes = x.shape[0] * x.shape[1], h = x.shape[2], w = x.shape[3], oh = range.count
        var out = Tensor(zeros: [x.shape[0], x.shape[1], oh, w])                         // [B, C, oh, W]
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { src in
                for p in 0..<planes {
                    (o.baseAddress! + p * oh * w).update(from: src.baseAddress! + p * h * w + range.lowerBound * w, count: oh * w)
                }
            }
        }
        return out
    }
}
