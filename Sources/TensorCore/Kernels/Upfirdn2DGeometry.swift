/// Parameters of upfirdn2d (architecture §0.4): zero-insert upsample by `up`, pad `(pad0, pad1)` on both axes
/// (negative = crop), true convolution with the FIR kernel, keep every `down`-th sample.
public struct Upfirdn2DParameters: Equatable, Sendable {
    public let up: Int
    public let down: Int
    /// Zeros added before (top / left); negative crops.
    public let pad0: Int
    /// Zeros added after (bottom / right); negative crops.
    public let pad1: Int

    public init(up: Int = 1, down: Int = 1, pad0: Int, pad1: Int) {
        self.up = up; self.down = down; self.pad0 = pad0; self.pad1 = pad1
    }

    /// `floor((L·up + pad0 + pad1 − k) / down) + 1` for one axis of length `length` and kernel extent `k`.
    public func outputLength(_ length: Int, kernel k: Int) -> Int {
        let span = length * up + pad0 + pad1 - k
        return span < 0 ? 0 : span / down + 1
    }

    func validate(height: Int, width: Int, kernelHeight: Int, kernelWidth: Int) throws {
        let op = "upfirdn2d"
        guard up >= 1, down >= 1 else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "up/down", reason: "up=\(up) down=\(down) must be ≥ 1")
        }
        guard kernelHeight >= 1, kernelWidth >= 1 else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "kernel", reason: "empty kernel")
        }
        guard outputLength(height, kernel: kernelHeight) >= 1, outputLength(width, kernel: kernelWidth) >= 1 else {
            throw TensorCoreError.invalidParameter(operation: op, parameter: "pad",
                reason: "(\(pad0), \(pad1)) with up=\(up) leaves no output for input \(height)×\(width) and kernel \(kernelHeight)×\(kernelWidth)")
        }
    }
}

extension Tensor {
    /// The StyleGAN2 blur kernel K4 = f fᵀ, f = [1,3,3,1]/4 (sum 4; architecture §0.3). Shape `[4, 4]`.
    public static var blurKernelK4: Tensor {
        let f: [Float] = [0.25, 0.75, 0.75, 0.25]
        return Tensor(shape: [4, 4], values: f.flatMap { a in f.map { a * $0 } })
    }
}
