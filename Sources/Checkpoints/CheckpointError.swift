/// Every failure of a checkpoint or array reader. Messages name the file, and the key and the
/// expected vs actual shape where that applies.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened, read or mapped.
    case io(file: String, reason: String)
    /// The bytes are not a valid file of the detected format (truncated, bad magic, bad offsets…).
    case malformed(file: String, reason: String)
    /// A pickle referenced a global outside the allow-list. Nothing was executed.
    case forbiddenGlobal(file: String, global: String)
    /// A pickle opcode outside the allow-list.
    case forbiddenOpcode(file: String, opcode: UInt8, offset: Int)
    /// The format or element type is not supported.
    case unsupported(file: String, reason: String)
    /// A key was looked up that the file does not hold.
    case missingKey(file: String, key: String)
    /// A tensor has a different shape than the model expects.
    case shapeMismatch(file: String, key: String, expected: [Int], actual: [Int])
    /// A tensor has an element type that cannot be used as requested.
    case dtypeMismatch(file: String, key: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .io(file, reason): return "\(file): cannot read: \(reason)"
        case let .malformed(file, reason): return "\(file): not a valid checkpoint: \(reason)"
        case let .forbiddenGlobal(file, global):
            return "\(file): refusing to load: the pickle references '\(global)', which is not on the allow-list (nothing was executed)"
        case let .forbiddenOpcode(file, opcode, offset):
            return "\(file): refusing to load: pickle opcode 0x\(String(opcode, radix: 16)) at byte \(offset) is not allowed"
        case let .unsupported(file, reason): return "\(file): unsupported: \(reason)"
        case let .missingKey(file, key): return "\(file): missing key '\(key)'"
        case let .shapeMismatch(file, key, expected, actual):
            return "\(file): key '\(key)': expected shape \(expected), found \(actual)"
        case let .dtypeMismatch(file, key, expected, actual):
            return "\(file): key '\(key)': expected dtype \(expected), found \(actual)"
        }
    }
}
