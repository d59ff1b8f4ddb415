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
/// cell (every direction × strength rendered at once, per concurrent cell), the sampled codes of the attribute
/// metrics (`attribute_samples` images rendered at once), and the result rows kept until the end.
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

    /// What one inverter of `study` needs with a generator of `size` px and W width `styleDim`: the W distribution
    /// (when Mahalanobis is measured: the samples as Float and Double, the covariance and its Cholesky factor), the
    /// edit batch of `concurrentCells` cells, and (`sampledAttributes`) the batch of sampled attribute codes.
    static func checkInverter(study: StudySpec, styleDim: Int, size: Int, concurrentCells: Int, sampledAttributes: Bool) throws {
        let file = study.file
        if study.metrics.contains(.mahalanobis) {
            let bytes = product([study.wSamples, styleDim, 12]).addingReportingOverflow(product([styleDim, styleDim, 16]))
            try check(bytes.overflow ? Int.max : bytes.partialValue, file: file, keyPath: "w_samples",
                      what: "\(study.wSamples) W samples of \(styleDim) values")
        }
        let edits = study.directions.map(\.strengths.count).reduce(0, +)
        try check(product([concurrentCells, edits, size, size, bytesPerGeneratedPixel]), file: file, keyPath: "directions",
                  what: "\(edits) edited images of \(size)×\(size) per cell (every direction × strength, \(concurrentCells) cell(s) at once)")
        if sampledAttributes {
            try check(product([study.attributeSamples, size, size, bytesPerGeneratedPixel]), file: file, keyPath: "attribute_samples",
                      what: "\(study.attributeSamples) sampled images of \(size)×\(size) (rendered at once)")
        }
    }

    /// The rows of `cells` cells, kept until the results are written.
    static func checkRows(cells: Int, rowsPerCell: Int, file: String) throws {
        try check(product([cells, rowsPerCell, bytesPerRow]), file: file, keyPath: "images",
                  what: "\(cells) cells of \(rowsPerCell) result rows each")
    }
}
