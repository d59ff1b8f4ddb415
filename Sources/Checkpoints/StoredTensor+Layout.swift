/// Layout checks of a stored tensor: bounds against its storage and contiguity.
extension StoredTensor {
    /// True when the elements are laid out row-major with no gaps (axes of extent 1 ignored).
    public var isContiguous: Bool {
        var expected = 1
        for i in shape.indices.reversed() where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// Checks that every element lies inside `storage`; returns the element count.
    /// Throws `CheckpointError.malformed` naming the file and `key`.
    func validatedCount(key: String) throws -> Int {
        func bad(_ reason: String) -> CheckpointError {
            .malformed(file: file, reason: "tensor '\(key)' (shape \(shape), strides \(strides)): \(reason)")
        }
        guard shape.count == strides.count else { throw bad("shape and strides differ in rank") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw bad("negative extent") }
        var count = 1
        var low = 0, high = 0  // element offsets reached, relative to element 0
        for (n, s) in zip(shape, strides) {
            let (c, o1) = count.multipliedReportingOverflow(by: n)
            guard !o1 else { throw bad("element count overflows") }
            count = c
            guard n > 1 else { continue }
            let (span, o2) = (n - 1).multipliedReportingOverflow(by: s)
            guard !o2 else { throw bad("extent overflows") }
            if span < 0 { low += span } else { high += span }
            guard abs(low) < Int.max / 16, high < Int.max / 16 else { throw bad("extent overflows") }
        }
        if count == 0 { return 0 }
        let w = dtype.byteSize
        let first = byteOffset + low * w
        let end = byteOffset + (high + 1) * w
        guard byteOffset >= 0, first >= 0, end <= storage.count else {
            throw bad("elements span bytes \(first)..<\(end) of a \(storage.count)-byte storage")
        }
        return count
    }
}
