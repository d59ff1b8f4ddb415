import Editing
import Foundation
import ImageCodecs
import Inversion
import TensorCore

/// The rows (and, optionally, the grid) of one image × inverter cell.
public struct StudyCellResult: Sendable {
    public var rows: [StudyRow]
    /// `[3, H, W]` grid: input | each step count's reconstruction | edits of the first direction at the largest step count.
    public var grid: Tensor?
}

/// Measures one cell. One trace of `max(steps)` iterations serves every step count k (its step k − 1).
/// For the editability metrics, each step count's code is edited at every direction × strength in one batch,
/// regenerated, and (LEC) re-inverted with k iterations in one batch.
public struct StudyCellMeasurer: Sendable {
    public let metrics: Set<StudyMetric>
    /// Scores images for the attribute metrics; nil skips them.
    public let attributeNetwork: AttributeNetwork?

    public init(metrics: [StudyMetric], attributeNetwork: AttributeNetwork? = nil) {
        self.metrics = Set(metrics)
        self.attributeNetwork = attributeNetwork
    }

    /// x: encoder input `[1, 3, H, W]` in [-1, 1].
    /// truth: the image's true attributes (`attribute_error`), if known.
    public func measure(image name: String, input x: Tensor, inverter inv: StudyInverter, grid: Bool,
                        truth: [String: Double]? = nil) throws -> StudyCellResult {
        let model = inv.model, generator = model.generator
        let h = x.shape[2], w = x.shape[3]
        let pool = try FacePool(height: h, width: w, crop: inv.options.outputCrop)
        let trace = try inv.inverter(iterations: inv.spec.steps.max()!).invert(x)
        let editor = LatentEditor(styleCount: model.styleCount, styleDim: model.styleDim)
        let wantsEdits = !inv.edits.isEmpty && !metrics.isDisjoint(with: [.lec, .lecImageMSE, .imageChange, .attributeEditability, .attributeEntanglement])
        var rows: [StudyRow] = []
        var gridRow: [Tensor] = [x.slice(0)]
        var lastEdits: [Tensor] = []
        func add(_ k: Int, _ m: StudyMetric, _ v: Double, _ dir: String = "", _ s: Float? = nil) {
            if metrics.contains(m) { rows.append(StudyRow(image: name, inverter: inv.spec.name, steps: k, direction: dir, strength: s, metric: m.rawValue, value: v)) }
        }
        for k in inv.spec.steps {
            let step = trace.steps[min(k, trace.steps.count) - 1]
            let codes = step.codes                                                     // [1, n, D]
            gridRow.append(step.feedback.slice(0))
            if !metrics.isDisjoint(with: [.mse, .psnr, .ssim]) {
                let mse = try ImageMetrics.mse(step.feedback, x)
                add(k, .mse, mse)
                add(k, .psnr, ImageMetrics.psnr(mse: mse))
                if metrics.contains(.ssim) { add(k, .ssim, try ImageMetrics.ssim(step.feedback, x)) }
            }
            add(k, .latentAverageDistance, LatentStatistics.distanceToAverage(codes, average: model.latentAverage))
            add(k, .wPlusSpread, LatentStatistics.rowSpread(codes))
            if let dist = inv.distribution { add(k, .mahalanobis, LatentStatistics.meanMahalanobis(codes, to: dist)) }
            if let net = attributeNetwork, let truth, metrics.contains(.attributeError) {
                let shared = net.attributeNames.enumerated().filter { truth[$0.element] != nil }
                if !shared.isEmpty {
                    let scores = try net.scores(step.image).scalars                          // [1, A]
                    let error = shared.map { abs(Double(scores[$0.offset]) - truth[$0.element]!) }.reduce(0, +) / Double(shared.count)
                    add(k, .attributeError, error)
                }
            }
            guard wantsEdits else { continue }

            // Every direction × strength in one batch [E, n, D].
            var labels: [(edit: Edit, strength: Float)] = []
            var batches: [Tensor] = []
            for (edit, strengths) in inv.edits {
                batches.append(try editor.sweep(codes: codes, edit: edit, strengths: strengths))
                labels += strengths.map { (edit, $0) }
            }
            let edited = Tensor(shape: [labels.count, model.styleCount, model.styleDim], values: batches.flatMap(\.scalars))
            let base = try generator.synthesize(wPlus: codes)                           // [1, 3, S, S]
            let editedImages = try generator.synthesize(wPlus: edited)                  // [E, 3, S, S]
            if k == inv.spec.steps.max()!, let first = inv.edits.first {
                let pooled = try pool.feedback(pool.reported(editedImages))
                lastEdits = (0..<first.strengths.count).map { pooled.slice($0) }
            }
            if metrics.contains(.imageChange) {
                for (e, l) in labels.enumerated() where l.strength != 0 {
                    let change = try ImageMetrics.meanAbsoluteDifference(editedImages.slice(e), base.slice(0)) / Double(abs(l.strength))
                    add(k, .imageChange, change, l.edit.direction.name, l.strength)
                }
            }
            if let net = attributeNetwork, !inv.attributeTargets.isEmpty,
               metrics.contains(.attributeEditability) || metrics.contains(.attributeEntanglement) {
                // Per edit: target change per unit strength relative to sampled codes; other attributes' mean |change| per unit strength.
                let a = net.attributeNames.count
                let sb = try net.scores(base).scalars, se = try net.scores(editedImages).scalars       // [1, A], [E, A]
                var e = 0
                for (d, (edit, strengths)) in inv.edits.enumerated() {
                    let t = inv.attributeTargets[d]
                    for (j, s) in strengths.enumerated() {
                        defer { e += 1 }
                        guard s != 0 else { continue }
                        let delta = (0..<a).map { Double(se[e * a + $0] - sb[$0]) }
                        let reference = inv.attributeReference[d][j]
                        if reference.isFinite && abs(reference) > 1e-12 {
                            add(k, .attributeEditability, delta[t] / Double(s) / reference, edit.direction.name, s)
                        }
                        if a > 1 {
                            let others = (0..<a).filter { $0 != t }.map { abs(delta[$0]) }.reduce(0, +) / Double(a - 1)
                            add(k, .attributeEntanglement, others / Double(abs(s)), edit.direction.name, s)
                        }
                    }
                }
            }
            if metrics.contains(.lec) || metrics.contains(.lecImageMSE) {
                // Edited images as a user would give them: clamped to [-1, 1], pooled to the encoder size.
                let clamped = Tensor(shape: editedImages.shape, values: editedImages.scalars.map { min(max($0, -1), 1) })
                let inputs = try pool.feedback(pool.reported(clamped))                  // [E, 3, H, W]
                let reinverted = try inv.inverter(iterations: k).invert(inputs).finalCodes   // [E, n, D]
                var restored: [Tensor] = []
                for (e, l) in labels.enumerated() {
                    restored.append(try editor.apply([l.edit.withStrength(-l.strength)], to: reinverted.slice(e)))   // [n, D]
                }
                let restoredBatch = Tensor.stack(restored)                              // [E, n, D]
                let restoredImages = metrics.contains(.lecImageMSE) ? try generator.synthesize(wPlus: restoredBatch) : nil
                let original = codes.scalars
                for (e, l) in labels.enumerated() {
                    let r = restored[e].scalars
                    var sum = 0.0
                    for i in r.indices { sum += Double(abs(r[i] - original[i])) }
                    add(k, .lec, sum / Double(r.count), l.edit.direction.name, l.strength)
                    if let images = restoredImages {
                        add(k, .lecImageMSE, try ImageMetrics.mse(images.slice(e), base.slice(0)), l.edit.direction.name, l.strength)
                    }
                }
            }
        }
        let panel = grid ? try ImageGrid.compose([gridRow + lastEdits], spacing: 2) : nil
        return StudyCellResult(rows: rows, grid: panel)
    }
}
