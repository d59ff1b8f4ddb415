extension Tensor {
    /// SE squeeze: mean over H and W per channel. self: `[N, C, H, W]` → `[N, C]`.
    public func channelMeans() throws -> Tensor {
        try TensorCoreError.requireRank(self, 4, "channelMeans", "input", "[N, C, H, W]")
        let planes = shape[0] * shape[1], inner = shape[2] * shape[3]
        var out = Tensor(zeros: [shape[0], shape[1]])
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                for p in 0..<planes {
                    var sum: Double = 0
                    let row = x.baseAddress! + p * inner
                    for i in 0..<inner { sum += Double(row[i]) }
                    o[p] = Float(sum / Double(inner))
                }
            }
        }
        return out
    }

    /// SE excite: `x[n, c, :, :] · s[n, c]`. self: `[N, C, H, W]`, scales: `[N, C]` (or `[N, C, 1, 1]`).
    public func scalingChannels(by scales: Tensor) throws -> Tensor {
        try TensorCoreError.requireRank(self, 4, "scalingChannels", "input", "[N, C, H, W]")
        guard scales.count == shape[0] * shape[1], scales.shape.first == shape[0],
              scales.shape.count >= 2, scales.shape[1] == shape[1] else {
            throw TensorCoreError.shapeMismatch(operation: "scalingChannels", argument: "scales",
                                                expected: "[\(shape[0]), \(shape[1])]", actual: scales.shape)
        }
        let planes = shape[0] * shape[1], inner = shape[2] * shape[3]
        var out = self
        out.withUnsafeMutableBufferPointer { o in
            scales.withUnsafeBufferPointer { s in
                let base = SendableMutablePointer(o.baseAddress!), sp = SendableConstPointer(s.baseAddress!)
                Parallel.forEach(planes, workPerItem: inner) { p in
                    let row = base.base + p * inner, f = sp.base[p]
                    for i in 0..<inner { row[i] *= f }
                }
            }
        }
        return out
    }

    /// Concatenation along axis 1. Each part: `[N, C_i, ...]` with equal N and trailing axes → `[N, ΣC_i, ...]`.
    public static func concatChannels(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else {
            throw TensorCoreError.invalidParameter(operation: "concatChannels", parameter: "parts", reason: "no tensors")
        }
        guard first.rank >= 2 else {
            throw TensorCoreError.shapeMismatch(operation: "concatChannels", argument: "parts[0]", expected: "[N, C, ...]", actual: first.shape)
        }
        let n = first.shape[0], trailing = Array(first.shape.dropFirst(2))
        for (i, p) in parts.enumerated() where p.rank != first.rank || p.shape[0] != n || Array(p.shape.dropFirst(2)) != trailing {
            throw TensorCoreError.shapeMismatch(operation: "concatChannels", argument: "parts[\(i)]",
                                                expected: "[\(n), C, \(trailing.map(String.init).joined(separator: ", "))]", actual: p.shape)
        }
        let inner = trailing.reduce(1, *), totalC = parts.reduce(0) { $0 + $1.shape[1] }
        var out = Tensor(zeros: [n, totalC] + trailing)
        out.withUnsafeMutableBufferPointer { o in
            var offset = 0
            for p in parts {
                let block = p.shape[1] * inner
                p.withUnsafeBufferPointer { src in
                    for b in 0..<n {
                        (o.baseAddress! + b * totalC * inner + offset).update(from: src.baseAddress! + b * block, count: block)
                    }
                }
                offset += block
            }
        }
        return out
    }

    /// `MaxPool2d(kernel_size=1, stride=s)`: keeps every s-th row and column starting at 0.
    /// self: `[N, C, H, W]` → `[N, C, (H−1)/s + 1, (W−1)/s + 1]`.
    public func subsampled(stride s: Int) throws -> Tensor {
        try TensorCoreError.requireRank(self, 4, "subsampled", "input", "[N, C, H, W]")
        guard s >= 1 else { throw TensorCoreError.invalidParameter(operation: "subsampled", parameter: "stride", reason: "\(s) < 1") }
        let h = shape[2], w = shape[3], oh = (h - 1) / s + 1, ow = (w - 1) / s + 1
        var out = Tensor(zeros: [shape[0], shape[1], oh, ow])
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                for p in 0..<(shape[0] * shape[1]) {
                    let src = x.baseAddress! + p * h * w, dst = o.baseAddress! + p * oh * ow
                    for i in 0..<oh { for j in 0..<ow { dst[i * ow + j] = src[i * s * w + j * s] } }
                }
            }
        }
        return out
    }
}
