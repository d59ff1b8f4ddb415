import CBLAS

/// Thin singular value decomposition `A = U · diag(S) · Vᵀ` (LAPACK `sgesdd`), singular values descending.
public struct SingularValueDecomposition: Sendable {
    /// `[m, k]`, k = min(m, n); orthonormal columns.
    public let u: Tensor
    /// `[k]`, descending, ≥ 0.
    public let s: Tensor
    /// `[k, n]`; orthonormal rows (row i is the right singular vector of `s[i]`).
    public let vt: Tensor

    /// a: `[m, n]`. Throws on bad shape, non-finite input, or LAPACK `info ≠ 0`.
    public init(_ a: Tensor) throws {
        guard a.rank == 2, a.shape[0] >= 1, a.shape[1] >= 1 else {
            throw TensorCoreError.shapeMismatch(operation: "SingularValueDecomposition", argument: "a", expected: "[m, n] with m, n ≥ 1", actual: a.shape)
        }
        guard a.scalars.allSatisfy(\.isFinite) else {
            throw TensorCoreError.invalidParameter(operation: "SingularValueDecomposition", parameter: "a", reason: "contains NaN or infinity")
        }
        let m = a.shape[0], n = a.shape[1], k = min(m, n)
        // Our row-major A [m, n] is LAPACK's column-major Aᵀ [n, m]. SVD(Aᵀ) = U' S V'ᵀ gives A = V' S U'ᵀ:
        // LAPACK's VT' (k×m column-major) is our U [m, k] row-major; its U' (n×k column-major) is our Vᵀ [k, n].
        var matrix = a.scalars
        var rowsT = Int32(n), colsT = Int32(m), lda = Int32(n), ldu = Int32(n), ldvt = Int32(k), info: Int32 = 0
        var sv = [Float](repeating: 0, count: k)
        var uPrime = [Float](repeating: 0, count: n * k)
        var vtPrime = [Float](repeating: 0, count: k * m)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        var jobz = Int8(UInt8(ascii: "S"))
        var workSize: Float = 0, query: Int32 = -1
        sgesdd_(&jobz, &rowsT, &colsT, &matrix, &lda, &sv, &uPrime, &ldu, &vtPrime, &ldvt, &workSize, &query, &iwork, &info)
        guard info == 0 else { throw LAPACKInfo.error("sgesdd_ (workspace query)", info) }
        var lwork = Int32(workSize.rounded(.up))
        var work = [Float](repeating: 0, count: Int(max(lwork, 1)))
        sgesdd_(&jobz, &rowsT, &colsT, &matrix, &lda, &sv, &uPrime, &ldu, &vtPrime, &ldvt, &work, &lwork, &iwork, &info)
        guard info == 0 else { throw LAPACKInfo.error("sgesdd_", info) }
        u = Tensor(shape: [m, k], values: vtPrime)
        s = Tensor(shape: [k], values: sv)
        vt = Tensor(shape: [k, n], values: uPrime)
    }
}
