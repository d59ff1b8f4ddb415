import TensorCore

/// Shape checks at block entry: a wrong shape is a typed error naming the argument.
enum ShapeCheck {
    /// Throws `invalidInput` unless `tensor.shape == expected`.
    static func require(_ tensor: Tensor, _ expected: [Int], _ argument: String) throws {
        guard tensor.shape == expected else {
            throw GeneratorError.invalidInput(argument: argument, expected: "\(expected)", actual: tensor.shape)
        }
    }

    /// Throws `invalidInput` unless `tensor` is `[B, rest...]` for some B ≥ 1; returns B.
    @discardableResult
    static func requireBatch(_ tensor: Tensor, _ rest: [Int], _ argument: String, layout: String) throws -> Int {
        guard tensor.rank == rest.count + 1, Array(tensor.shape.dropFirst()) == rest, tensor.shape[0] >= 1 else {
            throw GeneratorError.invalidInput(argument: argument, expected: layout, actual: tensor.shape)
        }
        return tensor.shape[0]
    }

    /// Throws `invalidInput` unless `tensor` is `[B, channels, H, W]` with B, H, W ≥ 1; returns (B, H, W).
    static func requireImage(_ tensor: Tensor, channels: Int, _ argument: String) throws -> (Int, Int, Int) {
        guard tensor.rank == 4, tensor.shape[1] == channels, tensor.shape[0] >= 1, tensor.shape[2] >= 1, tensor.shape[3] >= 1 else {
            throw GeneratorError.invalidInput(argument: argument, expected: "[B, \(channels), H, W]", actual: tensor.shape)
        }
        return (tensor.shape[0], tensor.shape[2], tensor.shape[3])
    }
}

/// Reusable scratch of one synthesis call (not thread-safe: one per concurrent caller).
final class SynthesisScratch: @unchecked Sendable {
    /// Column buffers of conv2d / transposed conv.
    let kernels = KernelWorkspace()
    /// Per-sample modulated weights `W'[O, C, k, k]`.
    let weights = KernelWorkspace()
    /// Transposed-conv output `t` for a group of output channels `[O_g, 2H+1, 2W+1]`.
    let transposed = KernelWorkspace()
    /// Frees every buffer (called before the high-resolution blocks, whose streaming kernels need far less than
    /// the 512-channel layers left behind).
    func release() {
        kernels.release(); weights.release(); transposed.release()
    }

    /// Upper bound on the transposed-conv buffer (output channels are processed in groups below it).
    static let transposedTargetBytes = 16 << 20
}
