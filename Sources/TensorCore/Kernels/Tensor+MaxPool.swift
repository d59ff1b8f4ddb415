extension Tensor {
    /// `MaxPool2d(kernel_size=k, stride=k)` (PyTorch defaults: no padding, floor mode: a trailing row or
    /// column that does not fill a window is dropped). self: `[N, C, H, W]` → `[N, C, H / k, W / k]`.
    public func maxPooled2d(kernel k: Int) throws -> Tensor {
        let op = "maxPooled2d"
        try TensorCoreError.requireRank(self, 4, op, "input", "[N, C, H, W]")
        guard k >= 1 else { throw TensorCoreError.invalidParameter(operation: op, parameter: "kernel", reason: "\(k) < 1") }
        let h = shape[2], w = shape[3], oh = h / k, ow = w / k
        var out = Tensor(zeros: [shape[0], shape[1], oh, ow])
        guard oh > 0, ow > 0 else { return out }
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                for p in 0..<(shape[0] * shape[1]) {
                    let src = x.baseAddress! + p * h * w, dst = o.baseAddress! + p * oh * ow
                    for i in 0..<oh {
                        for j in 0..<ow {
                            var m = src[i * k * w + j * k]
                            for di in 0..<k {
                                let row = src + (i * k + di) * w + j * k
                                for dj in 0..<k where row[dj] > m || row[dj].isNaN { m = row[dj] }
                            }
                            dst[i * ow + j] = m
                        }
                    }
                }
            }
        }
        return out
    }
}
