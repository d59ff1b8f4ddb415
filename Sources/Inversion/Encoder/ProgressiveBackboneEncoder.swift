import TensorCore

/// ReStyle-e4e `ProgressiveBackboneEncoder` / `ResNetProgressiveBackboneEncoder` (architecture §B.5):
/// `w0 = head0(f)`, row 0 is `w0`, row i is `w0 + head_i(f)`. The progressive stage is `Inference` in every
/// loaded model, so all deltas are active.
public struct ProgressiveBackboneEncoder: BackboneWithHeads {
    public let backbone: Backbone
    public let heads: [GradualStyleBlock]

    public init(backbone: Backbone, heads: [GradualStyleBlock]) {
        precondition(!heads.isEmpty, "an encoder needs at least one head")
        self.backbone = backbone; self.heads = heads
    }

    /// The heads on a feature map. features: `[B, C, h, w]` → `[B, n_styles, D]`.
    public func forward(features: Tensor, workspace: KernelWorkspace? = nil) throws -> Tensor {
        let w0 = try heads[0].forward(features, workspace: workspace)                // [B, D]
        var rows = [w0]
        for head in heads.dropFirst() {
            let delta = try head.forward(features, workspace: workspace)             // [B, D]
            rows.append(try w0.adding(delta))                                        // [B, D]
        }
        return StyleRows.stack(rows)                                                 // [B, n_styles, D]
    }
}
