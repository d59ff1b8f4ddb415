import Foundation
import StyleGAN2
import TensorCore

/// ReStyle's iterative inversion (architecture §C.3, §C.4; `utils/inference_utils.run_on_batch`):
///
///     y = face_pool(G(latent_avg));  w = latent_avg
///     repeat N times:  w = w + E(concat(x, y));  image = G(w);  y = face_pool(image)
///
/// with the stored noise buffers, images not clamped, `face_pool` = adaptive average pooling to the input size
/// (any generator size), optional cars crop, early stop, a starting code, and encoder bootstrapping.
///
///     let model = try ReStyleModel(contentsOf: url)
///     let trace = try ReStyleInverter(model: model).invert(x)     // x: [B, 3, 256, 256] in [-1, 1]
///     trace.finalCodes                                            // [B, 18, 512]
public final class ReStyleInverter: @unchecked Sendable {
    public let model: ReStyleModel
    public let options: InversionOptions
    private let lock = NSLock()
    private var averageImages: [String: Tensor] = [:]

    /// Validates `options` against `model` (iterations ≥ 1, bootstrap steps ≥ 0, tolerance ≥ 0,
    /// initial latent shape, bootstrap model rows and style dim).
    public init(model: ReStyleModel, options: InversionOptions = InversionOptions()) throws {
        guard options.iterations >= 1 else { throw InversionError.invalidOption(name: "iterations", reason: "\(options.iterations) < 1") }
        let bootstrapSteps = options.bootstrap?.steps ?? 0
        guard bootstrapSteps >= 0 else { throw InversionError.invalidOption(name: "bootstrap steps", reason: "\(bootstrapSteps) < 0") }
        if let t = options.tolerance, !(t >= 0 && t.isFinite) {
            throw InversionError.invalidOption(name: "tolerance", reason: "\(t) is not a finite number ≥ 0")
        }
        if let first = options.bootstrap?.model {
            guard first.styleCount == model.styleCount, first.styleDim == model.styleDim else {
                throw InversionError.incompatibleParts("the bootstrap model (\(first.file)) produces [\(first.styleCount), \(first.styleDim)] codes, "
                    + "the main model (\(model.file)) [\(model.styleCount), \(model.styleDim)]")
            }
        }
        if let z = options.initialLatent {
            let n = model.styleCount, d = model.styleDim
            guard z.shape == [n, d] || (z.rank == 3 && z.shape[0] >= 1 && Array(z.shape.dropFirst()) == [n, d]) else {
                throw InversionError.latentShape(source: "initial latent", expected: "[\(n), \(d)] or [B, \(n), \(d)]", actual: z.shape)
            }
        }
        self.model = model
        self.options = options
    }

    /// Builds the model from parts (checked as in `ReStyleModel.init(encoder:generator:latentAverage:)`).
    public convenience init(encoder: ReStyleEncoder, generator: Generator, latentAverage: Tensor,
                            options: InversionOptions = InversionOptions()) throws {
        try self.init(model: ReStyleModel(encoder: encoder, generator: generator, latentAverage: latentAverage), options: options)
    }

    /// The model that runs step `index` (bootstrap model for the first `bootstrap.steps`).
    func modelForStep(_ index: Int) -> (model: ReStyleModel, isBootstrap: Bool) {
        if let b = options.bootstrap, index < b.steps { return (b.model, true) }
        return (model, false)
    }

    /// The average image for an encoder input of `height`×`width`: `face_pool(G(latent_avg))` (cars: cropped) of the
    /// model that runs the first step. `[3, height, width]`. Computed once per size.
    public func averageImage(height: Int, width: Int) throws -> Tensor {
        let pool = try FacePool(height: height, width: width, crop: options.outputCrop)
        let key = "\(height)x\(width)"
        lock.lock()
        let cached = averageImages[key]
        lock.unlock()
        if let cached { return cached }
        let first = modelForStep(0).model
        let raw = try first.generator.synthesize(wPlus: first.latentAverage.reshaped([1, first.styleCount, first.styleDim]))  // [1, 3, S, S]
        let image = try pool.startImage(raw).slice(0)                                                   // [3, H, W]
        lock.lock()
        averageImages[key] = image
        lock.unlock()
        return image
    }

    /// Inverts normalised images. x: `[B, 3, H, W]` in [-1, 1] (256×256 for the official models, 192×256 for cars).
    /// `onStep(step, steps, seconds)` is called after each refinement step (1-based), for progress displays;
    /// `eachStep(step, index, steps)` gets the step itself (codes and image) as soon as it is computed (0-based index).
    public func invert(_ x: Tensor, onStep: ((_ step: Int, _ steps: Int, _ seconds: Double) -> Void)? = nil,
                       eachStep: ((_ step: InversionTrace.Step, _ index: Int, _ steps: Int) -> Void)? = nil) throws -> InversionTrace {
        guard x.rank == 4, x.shape[1] == 3, x.shape[0] >= 1, x.shape[2] >= 1, x.shape[3] >= 1 else {
            throw InversionError.invalidInput(argument: "input images", expected: "[B, 3, H, W]", actual: x.shape)
        }
        let b = x.shape[0], h = x.shape[2], w = x.shape[3], n = model.styleCount, d = model.styleDim
        let pool = try FacePool(height: h, width: w, crop: options.outputCrop)
        let first = modelForStep(0).model

        // Starting code [B, n, D] and first feedback image [B, 3, H, W].
        var codes: Tensor
        var feedback: Tensor
        if let z = options.initialLatent {
            if z.rank == 3 && z.shape[0] != b {
                throw InversionError.latentShape(source: "initial latent", expected: "[\(n), \(d)] or [\(b), \(n), \(d)]", actual: z.shape)
            }
            codes = z.rank == 3 ? z : ReStyleInverter.repeated(z, batch: b)                        // [B, n, D]
            feedback = try pool.startImage(first.generator.synthesize(wPlus: codes))                 // [B, 3, H, W]
        } else {
            codes = ReStyleInverter.repeated(first.latentAverage, batch: b)                          // [B, n, D]
            feedback = ReStyleInverter.repeated(try averageImage(height: h, width: w), batch: b)     // [B, 3, H, W]
        }
        let startCodes = codes, startImage = feedback

        let total = options.iterations
        let workspace = KernelWorkspace()
        var steps: [InversionTrace.Step] = []
        var stoppedAt: Int? = nil
        for index in 0..<total {
            let started = Date()
            let (stepModel, isBootstrap) = modelForStep(index)
            let input = try Tensor.concatChannels([x, feedback])                                     // [B, 6, H, W]
            let delta = try stepModel.encoder.encode(input, workspace: workspace)                    // [B, n, D]
            let next = try delta.adding(codes)                                                       // [B, n, D]
            let raw = try stepModel.generator.synthesize(wPlus: next)                                // [B, 3, S, S]
            let image = try pool.reported(raw)                                                       // [B, 3, S', S]
            feedback = try pool.feedback(image)                                                      // [B, 3, H, W]
            let change = ReStyleInverter.meanAbsoluteChange(next, codes)                             // B values
            codes = next
            steps.append(InversionTrace.Step(codes: next, image: image, feedback: feedback, meanAbsoluteChange: change,
                                             usedBootstrapModel: isBootstrap, seconds: Date().timeIntervalSince(started)))
            onStep?(index + 1, total, Date().timeIntervalSince(started))
            eachStep?(steps[steps.count - 1], index, total)
            if let tolerance = options.tolerance, index + 1 < total, change.allSatisfy({ $0 < tolerance }) {
                stoppedAt = index
                break
            }
        }
        return InversionTrace(startCodes: startCodes, startImage: startImage, steps: steps, stoppedAt: stoppedAt)
    }

    /// `t` repeated along a new batch axis: `[...]` → `[B, ...]`.
    static func repeated(_ t: Tensor, batch: Int) -> Tensor {
        Tensor.stack(Array(repeating: t, count: batch))
    }

    /// Per sample, mean |a − b| over all entries. a, b: `[B, ...]`.
    static func meanAbsoluteChange(_ a: Tensor, _ b: Tensor) -> [Float] {
        let batch = a.shape[0], per = a.count / max(batch, 1)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                (0..<batch).map { s in
                    var sum: Double = 0
                    for i in (s * per)..<((s + 1) * per) { sum += Double(abs(pa[i] - pb[i])) }
                    return Float(sum / Double(max(per, 1)))
                }
            }
        }
    }
}
