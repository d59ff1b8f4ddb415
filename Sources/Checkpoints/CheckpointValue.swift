/// The typed tree of a checkpoint: what `torch.save`/`pickle`/NumPy wrote, rebuilt from an
/// allow-list only (containers, strings, numbers, tensors, argparse.Namespace).
public indirect enum CheckpointValue: @unchecked Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([CheckpointValue])
    case tuple([CheckpointValue])
    /// An ordered dict (plain dict or OrderedDict; insertion order kept).
    case dict([(key: CheckpointValue, value: CheckpointValue)])
    /// `argparse.Namespace` (e.g. `opts` in some checkpoints), attributes in order.
    case namespace([(name: String, value: CheckpointValue)])
    case tensor(StoredTensor)
}
