/// Overflow-checked sizes of a declared shape, computed before any stride or allocation: a header may declare
/// `(0, 9223372036854775807)`, whose element count is 0 but whose strides overflow.
enum ShapeArithmetic {
    /// `Π max(dᵢ, 1) · elementSize`: the byte span the C- or Fortran-order strides of `shape` reach (the largest
    /// stride times its extent), or nil when it overflows `Int`. Covers the element count and the byte size too.
    static func stridedSpan(_ shape: [Int], elementSize: Int) -> Int? {
        var span = elementSize
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = span.multipliedReportingOverflow(by: max(d, 1))
            if overflow { return nil }
            span = p
        }
        return span
    }
}
