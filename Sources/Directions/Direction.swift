import Foundation
import TensorCore

/// An editing direction in W / W+: a vector `[1, D]` (added to every chosen row) or `[n_styles, D]`
/// (row r moves along row r), with the defaults its plugin manifest gives.
public struct Direction: Sendable {
    /// The name `--direction` selects (`smile`, `ffhq_pca#3`).
    public let name: String
    /// The vector file.
    public let source: URL
    /// The plugin's `manifest.json`, nil for a bare file.
    public let manifestURL: URL?
    /// The manifest as read, nil for a bare file.
    public let manifest: DirectionManifest?
    /// The direction, Float32: `[1, D]` or `[n_styles, D]`. For GANSpace, the unit component `[1, D]`.
    public let vector: Tensor
    public let format: DirectionFormat
    public let space: LatentSpace
    /// How it was made (`interfacegan`, `ganspace`, …), when known.
    public let method: String?
    /// Rows an edit touches unless it names others.
    public let defaultLayers: LayerRange
    public let defaultStrength: Float
    /// The strength range the author recommends, when given.
    public let strengthRange: ClosedRange<Float>?
    /// The mode an edit uses unless it names another (`set` only for GANSpace components).
    public let mode: DirectionMode
    /// Mean and standard deviation for GANSpace components; nil otherwise.
    public let ganspace: GANSpaceComponent?
    public let description: String?

    public init(name: String, source: URL, vector: Tensor, format: DirectionFormat, space: LatentSpace,
                method: String? = nil, defaultLayers: LayerRange = .all, defaultStrength: Float = 1,
                strengthRange: ClosedRange<Float>? = nil, mode: DirectionMode = .add, ganspace: GANSpaceComponent? = nil,
                description: String? = nil, manifestURL: URL? = nil, manifest: DirectionManifest? = nil) {
        precondition(vector.rank == 2 && vector.shape[0] >= 1 && vector.shape[1] >= 1, "direction vector \(vector.shape)")
        precondition(mode == .add || ganspace != nil, "set mode needs a GANSpace component")
        self.name = name
        self.source = source
        self.vector = vector
        self.format = format
        self.space = space
        self.method = method
        self.defaultLayers = defaultLayers
        self.defaultStrength = defaultStrength
        self.strengthRange = strengthRange
        self.mode = mode
        self.ganspace = ganspace
        self.description = description
        self.manifestURL = manifestURL
        self.manifest = manifest
    }

    /// D, the width of a W code.
    public var dimension: Int { vector.shape[1] }
    /// 1 (broadcast to every chosen row) or n_styles.
    public var rowCount: Int { vector.shape[0] }
    /// The plugin folder, or the bare file.
    public var location: URL { manifestURL?.deletingLastPathComponent() ?? source }

    /// Euclidean norm of the whole vector (pose.pt: √18 ≈ 4.2426).
    public var norm: Float {
        vector.withUnsafeBufferPointer { v in Float(v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) }
    }

    /// Norm of each row: `rowCount` values.
    public var rowNorms: [Float] {
        let d = dimension
        return vector.withUnsafeBufferPointer { v in
            (0..<rowCount).map { r in
                Float((0..<d).reduce(0.0) { $0 + Double(v[r * d + $1]) * Double(v[r * d + $1]) }.squareRoot())
            }
        }
    }

    /// A copy with another name, layers, strength or description (used when a manifest wraps a file).
    func with(name: String? = nil, defaultLayers: LayerRange? = nil, defaultStrength: Float? = nil,
              strengthRange: ClosedRange<Float>?? = nil, mode: DirectionMode? = nil, method: String?? = nil,
              space: LatentSpace? = nil, description: String?? = nil,
              manifestURL: URL? = nil, manifest: DirectionManifest? = nil) -> Direction {
        Direction(name: name ?? self.name, source: source, vector: vector, format: format, space: space ?? self.space,
                  method: method ?? self.method, defaultLayers: defaultLayers ?? self.defaultLayers,
                  defaultStrength: defaultStrength ?? self.defaultStrength, strengthRange: strengthRange ?? self.strengthRange,
                  mode: mode ?? self.mode, ganspace: ganspace, description: description ?? self.description,
                  manifestURL: manifestURL ?? self.manifestURL, manifest: manifest ?? self.manifest)
    }
}

extension Direction {
    /// The plugin's manifest, or, for a bare file, a manifest describing how it loaded (name, file, format,
    /// component, space, layers unless all, default strength, range, mode, method, description) — what
    /// `directions show` prints and what `importFile` would write.
    public var resolvedManifest: DirectionManifest {
        if let manifest { return manifest }
        return DirectionManifest(name: name, file: source.lastPathComponent, description: description, space: space,
                                 format: format, component: ganspace?.index, layers: defaultLayers.isAll ? nil : defaultLayers,
                                 defaultStrength: defaultStrength, strengthRange: strengthRange, mode: mode, method: method)
    }
}
