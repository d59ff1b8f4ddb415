/// The plain-value `config` of an `attributes.pt` (training/train_attributes.py): output names and kinds,
/// the label normalisation, and the widths that fix every tensor shape.
public struct AttributeNetConfiguration: Sendable, Equatable {
    /// How an output is turned into a score.
    public enum OutputKind: String, Sendable, Equatable {
        /// Regression on normalised labels: score = raw · std + mean.
        case continuous
        /// A logit: score = sigmoid(raw).
        case binary
    }

    /// Attribute names, in output order.
    public let outputs: [String]
    /// Per output.
    public let kinds: [OutputKind]
    /// Per output label mean and standard deviation (binary outputs: 0 and 1).
    public let mean: [Float]
    public let std: [Float]
    /// Channels per stage; each stage is `convsPerStage` × (conv3x3 + BN + ReLU), then MaxPool2d(2).
    public let widths: [Int]
    public let convsPerStage: Int
    /// Width of the head's hidden linear layer.
    public let hidden: Int
    /// Side of the square input the network was trained on (images of another size are resized to it).
    public let inputSize: Int

    public init(outputs: [String], kinds: [OutputKind], mean: [Float], std: [Float], widths: [Int],
                convsPerStage: Int, hidden: Int, inputSize: Int) {
        self.outputs = outputs; self.kinds = kinds; self.mean = mean; self.std = std
        self.widths = widths; self.convsPerStage = convsPerStage; self.hidden = hidden; self.inputSize = inputSize
    }
}
