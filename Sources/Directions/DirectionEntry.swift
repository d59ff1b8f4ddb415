import Foundation

/// One name in a `DirectionLibrary`: a single direction, or a GANSpace PCA file whose components resolve
/// as `name#k`.
public struct DirectionEntry: Sendable {
    public enum Content: Sendable {
        case direction(Direction)
        /// A bare GANSpace PCA file: `name#0` … `name#(K-1)`.
        case components(GANSpacePCA)
    }

    /// The name (for a PCA file, the base before `#k`).
    public let name: String
    /// The plugin folder or the bare file.
    public let location: URL
    /// The search directory it was found in.
    public let directory: URL
    public let content: Content

    /// The direction, nil for a PCA file.
    public var direction: Direction? {
        if case .direction(let d) = content { return d }
        return nil
    }

    /// The component count of a PCA file, nil for a single direction.
    public var componentCount: Int? {
        if case .components(let pca) = content { return pca.componentCount }
        return nil
    }

    /// What `directions list` shows as the name: `smile`, or `ffhq_pca#0-79`.
    public var displayName: String {
        componentCount.map { "\(name)#0-\($0 - 1)" } ?? name
    }

    /// The direction, or component 0 of a PCA file standing for all of them (for listing method, space,
    /// layers, default strength and mode, which every component shares).
    public var representative: Direction {
        switch content {
        case .direction(let d): return d
        case .components(let pca): return try! pca.component(0, name: nil)
        }
    }

    public var method: String? { representative.method }
    public var space: LatentSpace { representative.space }
    public var format: DirectionFormat { representative.format }
    public var defaultLayers: LayerRange { representative.defaultLayers }
    public var defaultStrength: Float { representative.defaultStrength }
    public var mode: DirectionMode { representative.mode }
    public var dimension: Int { representative.dimension }
    public var rowCount: Int { representative.rowCount }
    public var description: String? { representative.description }
}
