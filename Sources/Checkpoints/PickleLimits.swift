/// Resource limits of the restricted unpickler. Hostile files hit one of these and fail with
/// `CheckpointError.malformed` instead of exhausting memory or the Swift stack.
public struct PickleLimits: Sendable {
    /// Most entries in the memo (BINPUT/MEMOIZE).
    public var maxMemoEntries: Int
    /// Most items on the unpickler's value stack (marks included).
    public var maxStackDepth: Int
    /// Deepest container nesting in the result (a list inside a dict inside … counts one per level).
    public var maxNestingDepth: Int
    /// Most values in the result counted as a tree (shared sub-objects count once per reference),
    /// so memo aliasing cannot blow up into an exponentially large tree.
    public var maxValues: Int
    /// Most bytes of a LONG1/LONG4 integer.
    public var maxLongBytes: Int
    /// Most items one list, set or dict may hold (a dict's keys and values counted), so a pickle of a huge container
    /// is refused quickly instead of being read at about a microsecond per APPEND/SETITEM. Real checkpoints hold
    /// thousands (a state dict, a latents.npy of 10⁵ images).
    public var maxContainerItems: Int

    public init(maxMemoEntries: Int = 4_000_000, maxStackDepth: Int = 1_000_000, maxNestingDepth: Int = 1000,
                maxValues: Int = 50_000_000, maxLongBytes: Int = 64, maxContainerItems: Int = 1 << 19) {
        self.maxMemoEntries = maxMemoEntries
        self.maxStackDepth = maxStackDepth
        self.maxNestingDepth = maxNestingDepth
        self.maxValues = maxValues
        self.maxLongBytes = maxLongBytes
        self.maxContainerItems = maxContainerItems
    }

    public static let standard = PickleLimits()
}
