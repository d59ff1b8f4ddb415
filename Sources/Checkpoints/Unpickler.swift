import Foundation

/// A restricted pickle reader: an allow-list machine that rebuilds plain data (containers,
/// strings, numbers, tensors, `argparse.Namespace`, NumPy arrays) and never executes anything.
///
/// Globals resolve only through `Unpickler.allowedGlobals` (Swift closures keyed "module.name");
/// any other global is `CheckpointError.forbiddenGlobal`, any other opcode
/// `CheckpointError.forbiddenOpcode`. Sizes are checked against the remaining input and against
/// `PickleLimits`, so hostile or truncated input fails with `CheckpointError.malformed`.
///
///     let value = try Unpickler(bytes: raw, file: path, persistentLoad: nil).load()
public final class Unpickler {
    /// Resolves a persistent id (torch: `('storage', type, key, location, numel)`) to a value.
    public typealias PersistentLoad = (CheckpointValue) throws -> CheckpointValue

    /// The file being read (for error messages).
    public let file: String
    public let limits: PickleLimits
    /// Offset of the next unread byte; after `load()` it points just past STOP.
    public internal(set) var position: Int

    let bytes: UnsafeRawBufferPointer
    let persistentLoad: PersistentLoad?
    var stack: [PickleItem] = []
    /// Stack heights at each open MARK (innermost last).
    var marks: [Int] = []
    var memo: [Int: PickleItem] = [:]
    /// Every container made, so teardown can unlink them without deep recursive releases.
    var nodes: [PickleNode] = []
    var arrays: [NumPyArrayObject] = []
    /// Values visited by all conversions of this load (REDUCE arguments included), bounded by
    /// `limits.maxValues` so repeated conversion of a large shared object cannot run for hours.
    var conversionWork = 0
    /// Storage keys by (storage region, byte offset) from torch persistent ids, for error messages.
    var storageKeys: [StorageID: String] = [:]

    struct StorageID: Hashable {
        let region: ObjectIdentifier
        let byteOffset: Int
    }

    /// Reads the pickle at the start of `bytes`. The bytes must stay valid until `load()` returns.
    public convenience init(bytes: UnsafeRawBufferPointer, file: String,
                            persistentLoad: PersistentLoad? = nil) {
        self.init(bytes: bytes, file: file, startingAt: 0, limits: .standard, persistentLoad: persistentLoad)
    }

    /// Reads the pickle starting at byte `start` of `bytes` (several pickles may follow each other).
    public init(bytes: UnsafeRawBufferPointer, file: String, startingAt start: Int, limits: PickleLimits = .standard,
                persistentLoad: PersistentLoad? = nil) {
        self.bytes = bytes
        self.file = file
        self.position = start
        self.limits = limits
        self.persistentLoad = persistentLoad
    }

    /// Runs the pickle up to STOP and returns the rebuilt value.
    public func load() throws -> CheckpointValue {
        defer { teardown() }
        while true {
            let opcodeOffset = position
            let byte = try readByte()
            guard let op = PickleOpcode(rawValue: byte) else {
                throw CheckpointError.forbiddenOpcode(file: file, opcode: byte, offset: opcodeOffset)
            }
            if op == .stop {
                let result = try pop()
                return try value(of: result)
            }
            try execute(op, at: opcodeOffset)
        }
    }

    // MARK: - Errors and stack

    func malformed(_ reason: String) -> CheckpointError {
        CheckpointError.malformed(file: file, reason: reason)
    }

    func push(_ item: PickleItem) throws {
        guard stack.count + marks.count < limits.maxStackDepth else {
            throw malformed("pickle stack deeper than \(limits.maxStackDepth) items at byte \(position)")
        }
        stack.append(item)
    }

    func pop() throws -> PickleItem {
        guard stack.count > (marks.last ?? 0) else { throw malformed("pickle stack underflow at byte \(position)") }
        return stack.removeLast()
    }

    func top() throws -> PickleItem {
        guard stack.count > (marks.last ?? 0) else { throw malformed("pickle stack underflow at byte \(position)") }
        return stack[stack.count - 1]
    }

    /// Pops everything above the innermost MARK, and the mark.
    func popMark() throws -> [PickleItem] {
        guard let height = marks.popLast() else { throw malformed("pickle opcode needs a MARK at byte \(position)") }
        let items = Array(stack[height...])
        stack.removeSubrange(height...)
        return items
    }

    func makeNode(_ kind: PickleNode.Kind, items: [PickleItem] = []) -> PickleNode {
        let node = PickleNode(kind, items: items)
        nodes.append(node)
        return node
    }

    func makeArrayObject() -> NumPyArrayObject {
        let array = NumPyArrayObject()
        arrays.append(array)
        return array
    }

    /// Unlinks every container so that releasing them never recurses (deep hostile nesting).
    private func teardown() {
        for node in nodes { node.items = [] }
        for array in arrays { array.content = nil }
        nodes = []
        arrays = []
        stack = []
        marks = []
        memo = [:]
        conversionWork = 0
    }
}
