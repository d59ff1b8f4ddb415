import Directions
import StyleGAN2
import TensorCore

/// Applies edits to W+ codes of one model (`styleCount` rows of width `styleDim`).
///
///     let editor = LatentEditor(generator: generator)
///     let smile = try Edit(direction: library.direction(named: "smile"), strength: 2)
///     let edited = try editor.apply([smile], to: codes)                               // [B, n, D]
///     let sweep = try editor.sweep(codes: code, edit: smile, strengths: StrengthSweep(parsing: "-3:3:7").strengths)
///     let images = try generator.synthesize(wPlus: sweep)                              // one batch
public struct LatentEditor: Sendable {
    public let styleCount: Int
    public let styleDim: Int

    public init(styleCount: Int, styleDim: Int) {
        precondition(styleCount >= 1 && styleDim >= 1, "LatentEditor \(styleCount)×\(styleDim)")
        self.styleCount = styleCount
        self.styleDim = styleDim
    }

    /// The generator's `nLatent` × `styleDim`.
    public init(generator: Generator) {
        self.init(styleCount: generator.nLatent, styleDim: generator.styleDim)
    }

    /// Checks every edit against the model (dimension, row count, layers) before any work.
    public func validate(_ edits: [Edit]) throws {
        for edit in edits { try edit.validate(styleCount: styleCount, styleDim: styleDim) }
    }

    /// Applies `edits` in order (each sees the result of the previous ones) to every code.
    /// codes: `[n, D]` or `[B, n, D]` → the same shape. The input is not modified.
    public func apply(_ edits: [Edit], to codes: Tensor) throws -> Tensor {
        let batch = try batchSize(codes)
        try validate(edits)
        let rows = try edits.map { try $0.layers.rows(styleCount: styleCount) }
        var out = Tensor(shape: codes.shape, values: codes.scalars)
        let n = styleCount, d = styleDim
        out.withUnsafeMutableBufferPointer { buffer in
            for b in 0..<batch {
                for (edit, chosen) in zip(edits, rows) { edit.apply(to: buffer.baseAddress! + b * n * d, rows: chosen, dimension: d) }
            }
        }
        return out
    }

    /// Every strength of `edit` in one batch, after the fixed edits `preceding` (applied first, in order).
    /// codes: `[n, D]` → `[S, n, D]`; `[B, n, D]` → `[B·S, n, D]` with sample b's strengths at `b·S ..< (b+1)·S`.
    /// Sample `i` equals `apply(preceding + [edit.withStrength(strengths[i])], to: code)`.
    public func sweep(codes: Tensor, edit: Edit, strengths: [Float], preceding: [Edit] = []) throws -> Tensor {
        let batch = try batchSize(codes)
        guard !strengths.isEmpty else { throw EditError.invalidSweep(text: "", reason: "no strengths") }
        let edits = try strengths.map { try edit.withStrength($0) }
        try validate(preceding + [edit])
        let base = try apply(preceding, to: codes.reshaped([batch, styleCount, styleDim]))     // [B, n, D]
        let rows = try edit.layers.rows(styleCount: styleCount)
        let n = styleCount, d = styleDim, s = strengths.count
        var out = Tensor(zeros: [batch * s, n, d])
        out.withUnsafeMutableBufferPointer { o in
            base.withUnsafeBufferPointer { src in
                for b in 0..<batch {
                    for (i, e) in edits.enumerated() {
                        let dst = o.baseAddress! + (b * s + i) * n * d
                        dst.update(from: src.baseAddress! + b * n * d, count: n * d)
                        e.apply(to: dst, rows: rows, dimension: d)
                    }
                }
            }
        }
        return out
    }

    /// B for codes `[n, D]` (1) or `[B, n, D]`; throws `codeShape` otherwise.
    func batchSize(_ codes: Tensor) throws -> Int {
        let expected = "[\(styleCount), \(styleDim)] or [B, \(styleCount), \(styleDim)]"
        switch codes.rank {
        case 2 where codes.shape == [styleCount, styleDim]: return 1
        case 3 where Array(codes.shape.dropFirst()) == [styleCount, styleDim] && codes.shape[0] >= 1: return codes.shape[0]
        default: throw EditError.codeShape(expected: expected, actual: codes.shape)
        }
    }
}
