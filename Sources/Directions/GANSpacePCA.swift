import Foundation
import TensorCore

/// A GANSpace PCA file as e4e ships it (`editings/ganspace_pca/ffhq_pca.pt`): a torch dict
/// `mean [1, D]`, `comp [K, 1, D]` (orthonormal rows), `std [K]`. Component k is the direction `name#k`.
public struct GANSpacePCA: Sendable {
    /// The PCA file.
    public let source: URL
    /// Mean W code: `[1, D]`.
    public let mean: Tensor
    /// Components, one per row: `[K, D]`.
    public let components: Tensor
    /// Standard deviation of W along each component: `[K]`.
    public let standardDeviations: [Float]

    public var componentCount: Int { components.shape[0] }
    public var dimension: Int { components.shape[1] }

    public init(source: URL, mean: Tensor, components: Tensor, standardDeviations: [Float]) {
        precondition(components.rank == 2 && components.shape[0] >= 1 && mean.shape == [1, components.shape[1]]
                     && standardDeviations.count == components.shape[0],
                     "GANSpacePCA shapes mean \(mean.shape), comp \(components.shape), std \(standardDeviations.count)")
        self.source = source
        self.mean = mean
        self.components = components
        self.standardDeviations = standardDeviations
    }

    /// Component `k` as a direction named `name#k` (default: the file's stem), mode `set`, all layers,
    /// default strength 1. Throws `invalidComponent` when k is outside `0..<componentCount`.
    public func component(_ k: Int, name: String? = nil) throws -> Direction {
        let base = name ?? source.deletingPathExtension().lastPathComponent
        guard k >= 0 && k < componentCount else {
            throw DirectionError.invalidComponent(name: base, file: source.path, component: String(k), count: componentCount)
        }
        let info = GANSpaceComponent(index: k, componentCount: componentCount, mean: mean, standardDeviation: standardDeviations[k])
        return Direction(name: name == nil ? "\(base)#\(k)" : base, source: source, vector: components.slice(k).reshaped([1, dimension]),
                         format: .ganspace, space: .w, method: "ganspace", mode: .set, ganspace: info)
    }
}

/// What a `set`/`add` edit along a GANSpace component needs besides the unit component itself.
public struct GANSpaceComponent: Sendable {
    /// The component index in its PCA file.
    public let index: Int
    /// How many components the file holds.
    public let componentCount: Int
    /// Mean W code: `[1, D]`.
    public let mean: Tensor
    /// Standard deviation of W along the component (> 0): the unit of a GANSpace strength.
    public let standardDeviation: Float

    public init(index: Int, componentCount: Int, mean: Tensor, standardDeviation: Float) {
        self.index = index
        self.componentCount = componentCount
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}
