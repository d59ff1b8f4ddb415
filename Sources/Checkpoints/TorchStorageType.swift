/// Element types of torch storage classes and dtype objects as they appear in pickles.
enum TorchStorageType {
    /// "torch.FloatStorage" → float32, …; nil for unknown names.
    static func dtype(ofStorage name: String) -> DType? {
        switch name {
        case "torch.FloatStorage", "torch.cuda.FloatStorage": return .float32
        case "torch.HalfStorage", "torch.cuda.HalfStorage": return .float16
        case "torch.BFloat16Storage", "torch.cuda.BFloat16Storage": return .bfloat16
        case "torch.DoubleStorage", "torch.cuda.DoubleStorage": return .float64
        case "torch.LongStorage", "torch.cuda.LongStorage": return .int64
        case "torch.IntStorage", "torch.cuda.IntStorage": return .int32
        case "torch.ShortStorage", "torch.cuda.ShortStorage": return .int16
        case "torch.CharStorage", "torch.cuda.CharStorage": return .int8
        case "torch.ByteStorage", "torch.cuda.ByteStorage", "torch.UntypedStorage", "torch.storage.UntypedStorage":
            return .uint8
        case "torch.BoolStorage", "torch.cuda.BoolStorage": return .bool
        default: return nil
        }
    }

    static let storageNames = [
        "FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage", "LongStorage",
        "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
    ]

    /// `torch.<name>` dtype objects that may appear as data.
    static let dtypeNames = [
        "float32", "float", "float16", "half", "bfloat16", "float64", "double",
        "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool",
    ]
}
