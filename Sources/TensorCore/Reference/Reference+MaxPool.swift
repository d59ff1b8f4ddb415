extension Reference {
    /// MaxPool2d(k, stride k), floor mode. x: `[N, C, H, W]` → `[N, C, H / k, W / k]`.
    public static func maxPool2d(_ x: Tensor, kernel k: Int) -> Tensor {
        precondition(x.shape.count == 4 && k >= 1, "maxPool2d: x [N, C, H, W], k >= 1")
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var out = Tensor(zeros: [n, c, h / k, w / k])
        for b in 0..<n { for ch in 0..<c { for i in 0..<(h / k) { for j in 0..<(w / k) {
            var m = -Float.infinity
            for di in 0..<k { for dj in 0..<k { m = max(m, x[b, ch, i * k + di, j * k + dj]) } }
            out[b, ch, i, j] = m
        } } } }
        return out
    }
}
