import Foundation

/// Bounds on every count of a study file, and on the memory a run is estimated to need. A study over a limit
/// fails before any work with one sentence naming the study file, the key, the value and the limit (a study of
/// 10 000 strengths or 2³¹ W samples used to grow for minutes and abort in the allocator).
public enum StudyLimits {
    /// Strengths of one direction (`directions[i].strengths`); all of a cell's edits are rendered as one batch.
    public static let maximumStrengths = 1000
    /// Directions of a study.
    public static let maximumDirections = 100
    /// Inverters of a study.
    public static let maximumInverters = 32
    /// Largest step count (`inverters[i].steps`, `bootstrap.steps`).
    public static let maximumSteps = 100
    /// Mapped samples for the W distribution (`w_samples`).
    public static let maximumWSamples = 100_000
    /// Sampled codes for the attribute metrics (`attribute_samples`).
    public static let maximumAttributeSamples = 10_000
    /// Images given a grid in the report (`grid_images`).
    public static let maximumGridImages = 1000
    /// Images of a study (a list, `rendered:N`, or the files of a folder).
    public static let maximumImages = 100_000
    /// Cells (images × inverters).
    public static let maximumCells = 1_000_000

    /// The environment variable that overrides `maximumEstimatedBytes` (a byte count).
    public static let memoryVariable = "RESTYLE_STUDY_MAX_MEMORY"
    /// Default of `maximumEstimatedBytes`: 4 GiB.
    public static let defaultMaximumEstimatedBytes = 4 << 30

    /// Most bytes a run may be estimated to need (see `StudyMemoryEstimate`); `RESTYLE_STUDY_MAX_MEMORY` overrides it.
    public static var maximumEstimatedBytes: Int {
        if let text = ProcessInfo.processInfo.environment[memoryVariable], let n = Int(text), n > 0 { return n }
        return defaultMaximumEstimatedBytes
    }

    /// `value` must be ≤ `limit`; else `invalidStudy` naming the key, the value and the limit.
    static func check(_ value: Int, _ limit: Int, file: String, keyPath: String, what: String) throws {
        guard value <= limit else {
            throw StudyError.invalidStudy(file: file, keyPath: keyPath, reason: "\(value) \(what) exceed the limit of \(limit)")
        }
    }
}

/// What a run is estimated to hold in memory, from the study and the model's sizes, checked before the work it
/// describes starts: the W distribution (`w_samples · D` floats, kept in Double), the batch of edited images of a
/// cell (every direction × strength rendered at once, per concurrent cell), and the result rows kept until the end.
enum StudyMemoryEstimate {
    /// Bytes per generated image and output pixel: the output and the feature maps of the last layers
    /// (≈ 48 floats per pixel of a StyleGAN2 generator in this implementation's in-place kernels), rounded up.
    static let bytesPerGeneratedPixel = 48 * 4
    /// Bytes per result row (strings, numbers, CSV text).
    static let bytesPerRow = 256

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }

    /// Throws when `bytes` (what `keyPath` asks for) exceeds the limit.
    static func check(_ bytes: Int, file: String, keyPath: String, what: String) throws {
        let limit = StudyLimits.maximumEstimatedBytes
        guard bytes <= limit else {
            throw StudyError.invalidStudy(file: file, keyPath: keyPath, reason: "\(what) need an estimated \(describe(bytes)), "
                                          + "more than the memory limit of \(describe(limit)) (set \(StudyLimits.memoryVariable) to change it)")
        }
    }

    /// Overflow-safe product (saturating at Int.max).
    static func product(_ values: [Int]) -> Int {
        var p = 1
        for v in values {
            let (r, o) = p.multipliedReportingOverflow(by: max(v, 0))
            if o { return Int.max }
            p = r
        }
        return p
    }

    /// The W distribution of `samples` mapped codes of width `styleDim`: the samples as Float and Double, and
    /// the covariance and its Cholesky factor.
    static func checkWDistribution(samples: Int, styleDim: Int, file: String) throws {
        let bytes = product([samples, styleDim, 12]).addingReportingOverflow(product([styleDim, styleDim, 16]))
        try check(bytes.overflow ? Int.max : bytes.partialValue, file: file, keyPath: "w_samples",
                  what: "\(samples) W samples of \(styleDim) values")
    }

    /// The edit batch of `jobs` concurrent cells (`edits` images of `size`² each) and the rows of `cells` cells.
    static func checkRun(cells: Int, rowsPerCell: Int, edits: Int, size: Int, jobs: Int, file: String) throws {
        try check(product([jobs, edits, size, size, bytesPerGeneratedPixel]), file: file, keyPath: "directions",
                  what: "\(edits) edited images of \(size)×\(size) per cell (every direction × strength, \(jobs) cell(s) at once)")
        try check(product([cells, rowsPerCell, bytesPerRow]), file: file, keyPath: "images",
                  what: "\(cells) cells of \(rowsPerCell) result rows each")
    }
}
