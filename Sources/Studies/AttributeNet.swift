import Foundation
import TensorCore

/// The synthetic-faces-64 attribute network (training/networks.py `AttributeNet`), eval mode.
///
/// features: per stage, `convsPerStage` × (conv3x3 pad 1 with bias, BatchNorm, ReLU), then MaxPool2d(2);
/// head: global average pool, Linear(width → hidden), ReLU, Linear(hidden → outputs).
/// Load with `AttributeNet(contentsOf:)` or `AttributeNet(stateDict:)` (AttributeNet+StateDict.swift).
public struct AttributeNet: Sendable {
    /// One conv3x3 + BatchNorm + ReLU. weight: `[O, C, 3, 3]`, bias: `[O]`.
    public struct ConvBlock: Sendable {
        public let weight: Tensor
        public let bias: Tensor
        public let norm: BatchNormFolded
    }

    public let configuration: AttributeNetConfiguration
    /// `stages[s][j]`: the j-th conv block of stage s.
    public let stages: [[ConvBlock]]
    /// `[hidden, widths.last]`, `[hidden]`.
    public let hiddenWeight: Tensor, hiddenBias: Tensor
    /// `[outputs, hidden]`, `[outputs]`.
    public let outputWeight: Tensor, outputBias: Tensor

    public init(configuration: AttributeNetConfiguration, stages: [[ConvBlock]], hiddenWeight: Tensor, hiddenBias: Tensor,
                outputWeight: Tensor, outputBias: Tensor) {
        self.configuration = configuration; self.stages = stages
        self.hiddenWeight = hiddenWeight; self.hiddenBias = hiddenBias
        self.outputWeight = outputWeight; self.outputBias = outputBias
    }

    /// The network's raw outputs (normalised regressions; binary outputs as logits), as PyTorch's `net(x)`.
    /// images: `[B, 3, H, W]` in [-1, 1], resized (bilinear, half-pixel) to `inputSize` when H or W differ
    /// → `[B, outputs]`.
    public func rawOutputs(_ images: Tensor) throws -> Tensor {
        guard images.shape.count == 4, images.shape[1] == 3, images.shape[0] > 0 else {
            throw AttributeNetError.badInput(shape: images.shape)
        }
        let size = configuration.inputSize
        var x = images
        if x.shape[2] != size || x.shape[3] != size {
            x = try x.resizedBilinear(outHeight: size, outWidth: size)
        }
        for stage in stages {
            for block in stage {
                x = try x.conv2d(weight: block.weight, bias: block.bias, padding: 1).batchNorm(block.norm).relu()
            }
            x = try x.maxPooled2d(kernel: 2)
        }
        let pooled = try x.adaptiveAvgPool2d(outHeight: 1, outWidth: 1).reshaped([x.shape[0], x.shape[1]])
        let hidden = try pooled.linear(weight: hiddenWeight, bias: hiddenBias).relu()
        return try hidden.linear(weight: outputWeight, bias: outputBias)
    }

    /// Attribute scores in label units: continuous outputs `raw · std + mean`, binary outputs `sigmoid(raw)`.
    /// images: `[B, 3, H, W]` in [-1, 1] → `[B, outputs]`.
    public func predictions(_ images: Tensor) throws -> Tensor {
        let raw = try rawOutputs(images)
        let c = configuration, a = c.outputs.count
        var values = raw.scalars
        for i in values.indices {
            let j = i % a
            switch c.kinds[j] {
            case .continuous: values[i] = values[i] * c.std[j] + c.mean[j]
            case .binary: values[i] = 1 / (1 + Foundation.exp(-values[i]))
            }
        }
        return Tensor(shape: raw.shape, values: values)
    }
}
