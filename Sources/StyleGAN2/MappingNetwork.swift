import TensorCore

/// The mapping network z → w (architecture §A.1): PixelNorm, then `mappingLayers` EqualLinear layers with
/// lr_mul 0.01 and the fused leaky ReLU (slope 0.2, gain √2).
///
/// The equalized-lr constants are folded once at load: weights × `0.01/√D`, biases × 0.01.
public struct MappingNetwork: @unchecked Sendable {
    /// Style dimension `D`.
    public let styleDim: Int
    /// Per layer `[D, D]`, already × `lrMul/√D`.
    let weights: [Tensor]
    /// Per layer `[D]`, already × `lrMul`.
    let biases: [Tensor]

    /// Learning-rate multiplier of the official mapping layers.
    public static let learningRateMultiplier: Float = 0.01

    /// weights: stored `[D, D]` each (unscaled, as in the checkpoint); biases: stored `[D]` each.
    init(storedWeights: [Tensor], storedBiases: [Tensor], styleDim: Int) {
        precondition(storedWeights.count == storedBiases.count, "mapping: weight/bias count mismatch")
        let lrMul = Self.learningRateMultiplier
        let scale = Float(Double(lrMul) / Double(styleDim).squareRoot())
        self.styleDim = styleDim
        self.weights = storedWeights.map { $0.scaled(by: scale) }   // [D, D]
        self.biases = storedBiases.map { $0.scaled(by: lrMul) }      // [D]
    }

    /// Number of EqualLinear layers.
    public var layerCount: Int { weights.count }

    /// w = mapping(z). z: `[B, D]` → w: `[B, D]`.
    public func callAsFunction(_ z: Tensor) throws -> Tensor {
        try ShapeCheck.requireBatch(z, [styleDim], "z", layout: "[B, \(styleDim)]")
        var x = try z.pixelNormalized()                               // [B, D]
        for (w, b) in zip(weights, biases) {
            x = try x.linear(weight: w).fusedLeakyReLU(bias: b)       // [B, D]
        }
        return x
    }
}
