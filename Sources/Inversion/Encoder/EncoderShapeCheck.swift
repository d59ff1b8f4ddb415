import TensorCore

/// Shape checks at block entry: a wrong shape is a typed error naming the argument.
enum EncoderShapeCheck {
    /// Throws `invalidInput` unless `x` is `[B, channels, H, W]` with B, H, W ≥ 1; returns (B, H, W).
    @discardableResult
    static func requireImage(_ x: Tensor, channels: Int, _ argument: String) throws -> (batch: Int, height: Int, width: Int) {
        guard x.rank == 4, x.shape[1] == channels, x.shape[0] >= 1, x.shape[2] >= 1, x.shape[3] >= 1 else {
            throw InversionError.invalidInput(argument: argument, expected: "[B, \(channels), H, W]", actual: x.shape)
        }
        return (x.shape[0], x.shape[2], x.shape[3])
    }
}
