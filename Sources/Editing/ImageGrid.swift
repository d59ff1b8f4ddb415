import TensorCore

/// Pure-tensor image grids: rows of panels `[3, H, W]` → one image `[3, H_total, W_total]`.
///
/// Every panel is resized to a common height (default: the smallest panel height; widths keep the aspect
/// ratio, rounded): exact integer shrink factors use box averaging (`adaptiveAvgPool2d`), other sizes
/// antialiased bilinear. Panels sit left to right, rows top to bottom, `spacing` pixels apart; the grid is as
/// wide as its widest row and the rest is `fill` (generator range: -1 black, 1 white).
public enum ImageGrid {
    public static func compose(_ rows: [[Tensor]], height: Int? = nil, spacing: Int = 0, fill: Float = 1) throws -> Tensor {
        guard !rows.isEmpty, rows.allSatisfy({ !$0.isEmpty }) else {
            throw EditError.invalidPanel(row: 0, column: 0, reason: "a grid needs at least one panel in every row")
        }
        precondition(spacing >= 0, "spacing \(spacing)")
        for (r, row) in rows.enumerated() {
            for (c, panel) in row.enumerated() where !(panel.rank == 3 && panel.shape[0] == 3 && panel.shape[1] >= 1 && panel.shape[2] >= 1) {
                throw EditError.invalidPanel(row: r, column: c, reason: "shape \(panel.shape), expected [3, H, W]")
            }
        }
        let h = height ?? rows.flatMap { $0 }.map { $0.shape[1] }.min()!
        guard h >= 1 else { throw EditError.invalidPanel(row: 0, column: 0, reason: "grid height \(h)") }
        let resized = try rows.map { try $0.map { try resize($0, height: h) } }
        let rowWidths = resized.map { row in row.reduce(0) { $0 + $1.shape[2] } + spacing * (row.count - 1) }
        let width = rowWidths.max()!
        let totalHeight = h * rows.count + spacing * (rows.count - 1)
        var out = Tensor(repeating: fill, shape: [3, totalHeight, width])         // [3, H_total, W_total]
        out.withUnsafeMutableBufferPointer { o in
            for (r, row) in resized.enumerated() {
                var x0 = 0
                let y0 = r * (h + spacing)
                for panel in row {
                    let w = panel.shape[2]
                    panel.withUnsafeBufferPointer { p in
                        for c in 0..<3 {
                            for y in 0..<h {
                                let dst = o.baseAddress! + (c * totalHeight + y0 + y) * width + x0
                                dst.update(from: p.baseAddress! + (c * h + y) * w, count: w)
                            }
                        }
                    }
                    x0 += w + spacing
                }
            }
        }
        return out
    }

    /// The layout of a sweep grid like the official editing notebooks' coupled output: one row per image,
    /// `input | inversion | edited₀ | edited₁ | …` (the input column is left out when nil).
    public static func sweepRow(input: Tensor?, inversion: Tensor, edited: [Tensor]) -> [Tensor] {
        (input.map { [$0] } ?? []) + [inversion] + edited
    }

    /// The images of a batch `[B, 3, H, W]` as panels `[3, H, W]`.
    public static func panels(_ batch: Tensor) -> [Tensor] {
        precondition(batch.rank == 4, "panels of \(batch.shape)")
        return (0..<batch.shape[0]).map { batch.slice($0) }
    }

    /// `panel` `[3, H, W]` scaled to height `height` (aspect ratio kept).
    static func resize(_ panel: Tensor, height: Int) throws -> Tensor {
        let h = panel.shape[1], w = panel.shape[2]
        if h == height { return panel }
        let width = max(1, Int((Double(w) * Double(height) / Double(h)).rounded()))
        let batch = panel.reshaped([1, 3, h, w])
        let exactShrink = h % height == 0 && w % width == 0 && h / height == w / width
        let out = exactShrink ? try batch.adaptiveAvgPool2d(outHeight: height, outWidth: width)
                              : try batch.resizedBilinear(outHeight: height, outWidth: width, mode: .antialiased)
        return out.reshaped([3, height, width])
    }
}
