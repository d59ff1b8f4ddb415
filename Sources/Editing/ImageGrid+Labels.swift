import TensorCore

extension ImageGrid {
    /// 3×5 bitmap glyphs for strength labels (rows top to bottom, bits left to right).
    static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7], "4": [5, 5, 7, 1, 1],
        "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1], "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7],
        "+": [0, 2, 7, 2, 0], "-": [0, 0, 7, 0, 0], ".": [0, 0, 0, 0, 2], "e": [0, 7, 7, 4, 7], "=": [0, 7, 0, 7, 0],
    ]

    /// `panel` `[3, H, W]` (values in [-1, 1]) with a white band below holding `text` in black (digits, `+ - . e =`;
    /// other characters are left blank), scaled to the panel: `[3, H + band, W]`.
    public static func labelled(_ panel: Tensor, _ text: String) -> Tensor {
        let h = panel.shape[1], w = panel.shape[2]
        let chars = Array(text)
        let scale = max(1, min(h / 32, w / max(4 * chars.count + 1, 1)))
        let band = 7 * scale
        var out = Tensor(shape: [3, h + band, w], values: [Float](repeating: 1, count: 3 * (h + band) * w))
        out.withUnsafeMutableBufferPointer { o in
            panel.withUnsafeBufferPointer { p in
                for c in 0..<3 { for y in 0..<h { for x in 0..<w { o[(c * (h + band) + y) * w + x] = p[(c * h + y) * w + x] } } }
                let textWidth = (4 * chars.count - 1) * scale
                let x0 = max(0, (w - textWidth) / 2), y0 = h + scale
                for (k, ch) in chars.enumerated() {
                    guard let rows = glyphs[ch] else { continue }
                    for (r, bits) in rows.enumerated() {
                        for b in 0..<3 where bits & (4 >> UInt8(b)) != 0 {
                            for dy in 0..<scale { for dx in 0..<scale {
                                let x = x0 + (4 * k + b) * scale + dx, y = y0 + r * scale + dy
                                guard x < w, y < h + band else { continue }
                                for c in 0..<3 { o[(c * (h + band) + y) * w + x] = -1 }
                            } }
                        }
                    }
                }
            }
        }
        return out
    }
}
