extension Tensor {
    /// A copy with `transform` applied to every element (parallel over chunks when large).
    func mapElements(_ transform: @escaping @Sendable (Float) -> Float) -> Tensor {
        var out = self
        out.withUnsafeMutableBufferPointer { p in
            let base = SendableMutablePointer(p.baseAddress!), n = p.count
            let chunks = n >= 1 << 16 ? Parallel.workerCount : 1
            Parallel.forEach(chunks, workPerItem: n / max(chunks, 1)) { c in
                for i in (n * c / chunks)..<(n * (c + 1) / chunks) { base.base[i] = transform(base.base[i]) }
            }
        }
        return out
    }

    /// Combines equally shaped tensors elementwise.
    func zipElements(_ other: Tensor, _ operation: String,
                     _ combine: @escaping @Sendable (Float, Float) -> Float) throws -> Tensor {
        try TensorCoreError.requireShape(other, shape, operation, "other")
        var out = self
        out.withUnsafeMutableBufferPointer { p in
            other.withUnsafeBufferPointer { q in
                let a = SendableMutablePointer(p.baseAddress!), b = SendableConstPointer(q.baseAddress!), n = p.count
                let chunks = n >= 1 << 16 ? Parallel.workerCount : 1
                Parallel.forEach(chunks, workPerItem: n / max(chunks, 1)) { c in
                    for i in (n * c / chunks)..<(n * (c + 1) / chunks) { a.base[i] = combine(a.base[i], b.base[i]) }
                }
            }
        }
        return out
    }

    /// Elementwise sum of equally shaped tensors.
    public func adding(_ other: Tensor) throws -> Tensor { try zipElements(other, "adding") { $0 + $1 } }

    /// `self + scale · other` elementwise (equal shapes).
    public func adding(_ other: Tensor, scaledBy scale: Float) throws -> Tensor {
        try zipElements(other, "adding(scaledBy:)") { $0 + scale * $1 }
    }

    /// Elementwise product of equally shaped tensors.
    public func multiplying(_ other: Tensor) throws -> Tensor { try zipElements(other, "multiplying") { $0 * $1 } }

    /// Every element times `factor`.
    public func scaled(by factor: Float) -> Tensor { mapElements { $0 * factor } }

    /// Every element plus `value`.
    public func shifted(by value: Float) -> Tensor { mapElements { $0 + value } }
}
