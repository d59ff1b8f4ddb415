import TensorCore

/// ReStyle-pSp `BackboneEncoder` / `ResNetBackboneEncoder` (architecture §B.4): every head reads the backbone's
/// last map; row j of the output is head j. The output is a residual that ReStyle adds to the previous code.
public struct BackboneEncoder: BackboneWithHeads {
    public let backbone: Backbone
    public let heads: [GradualStyleBlock]

    public init(backbone: Backbone, heads: [GradualStyleBlock]) {
        precondition(!heads.isEmpty, "an encoder needs at least one head")
        self.backbone = backbone; self.heads = heads
    }

    /// The heads on a feature map. features: `[B, C, h, w]` → `[B, n_styles, D]`.
    public func forward(features: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        let rows = try heads.map { try $0.forward(features, workspace: workspace) }  // n_styles × [B, D]
        return StyleRows.stack(rows)                                                // [B, n_styles, D]
    }
}

/// What both ReStyle encoder flavours are: a backbone whose last feature map feeds every style head.
public protocol BackboneWithHeads: Sendable {
    var backbone: Backbone { get }
    var heads: [GradualStyleBlock] { get }
    /// The heads on a feature map. features: `[B, C, h, w]` → `[B, n_styles, D]`.
    func forward(features: Tensor, workspace: KernelWorkspace?) throws -> Tensor
}

extension BackboneWithHeads {
    /// x: `[B, C_in, H, W]` → `[B, n_styles, D]`: the backbone, then the heads on its last map.
    public func forward(_ x: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        let ws = workspace ?? KernelWorkspace()
        let features = try backbone.forward(x, workspace: ws)                      // [B, C, h, w]
        return try forward(features: features, workspace: ws)
    }
}

/// Assembling W+ codes from per-row vectors.
enum StyleRows {
    /// n × `[B, D]` → `[B, n, D]`.
    static func stack(_ rows: [Tensor]) -> Tensor {
        let b = rows[0].shape[0], d = rows[0].shape[1], n = rows.count
        var out = Tensor(zeros: [b, n, d])                                          // [B, n, D]
        out.withUnsafeMutableBufferPointer { o in
            for (r, row) in rows.enumerated() {
                precondition(row.shape == [b, d], "style row \(r) has shape \(row.shape), expected [\(b), \(d)]")
                row.withUnsafeBufferPointer { src in
                    for i in 0..<b { (o.baseAddress! + (i * n + r) * d).update(from: src.baseAddress! + i * d, count: d) }
                }
            }
        }
        return out
    }
}
