import Foundation

/// Resource limits of the zip reader (torch archives, `.npz`). Inflating a compressed member allocates its
/// declared size up front, so a small file can ask for gigabytes ("zip bomb"); a declared size over the limit is
/// refused before anything is allocated, and the inflated stream is checked against the declared size as it runs.
public struct ArchiveLimits: Sendable, Equatable {
    /// The environment variable that overrides `maximumInflatedBytes` (a byte count, e.g. `4294967296`).
    public static let inflatedBytesVariable = "RESTYLE_MAX_INFLATED_BYTES"
    /// Default of `maximumInflatedBytes`: 1 GiB.
    public static let defaultMaximumInflatedBytes = 1 << 30

    /// Most bytes inflated from one archive (all its compressed members together). Stored members are not
    /// counted: they are viewed in place, never copied.
    public var maximumInflatedBytes: Int

    public init(maximumInflatedBytes: Int = ArchiveLimits.defaultMaximumInflatedBytes) {
        self.maximumInflatedBytes = maximumInflatedBytes
    }

    /// The defaults, with `RESTYLE_MAX_INFLATED_BYTES` applied when it holds a positive integer.
    public static var standard: ArchiveLimits {
        ArchiveLimits(environment: ProcessInfo.processInfo.environment)
    }

    /// The defaults, with `environment[inflatedBytesVariable]` applied when it holds a positive integer.
    public init(environment: [String: String]) {
        self.init()
        if let text = environment[Self.inflatedBytesVariable], let n = Int(text), n > 0 { maximumInflatedBytes = n }
    }

    /// How the limit is named in messages.
    var inflatedBytesDescription: String {
        "the limit of \(maximumInflatedBytes) bytes (set \(Self.inflatedBytesVariable) to change it)"
    }
}
