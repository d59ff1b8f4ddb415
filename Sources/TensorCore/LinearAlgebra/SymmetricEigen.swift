import CBLAS

/// Eigendecomposition of a real symmetric matrix (LAPACK `ssyevd`), eigenvalues in **descending** order.
public struct SymmetricEigen: Sendable {
    /// `[n]`, largest first.
    public let values: Tensor
    /// `[n, n]`; **row** i is the unit eigenvector of `values[i]` (sign as LAPACK returns it).
    public let vectors: Tensor

    /// a: `[n, n]` symmetric (only the upper triangle in row-major terms is read). Throws on a non-square or
    /// non-finite matrix, or when LAPACK reports `info ≠ 0`.
    public init(_ a: Tensor) throws {
        guard a.rank == 2, a.shape[0] == a.shape[1], a.shape[0] >= 1 else {
            throw TensorCoreError.shapeMismatch(operation: "SymmetricEigen", argument: "a", expected: "[n, n] with n ≥ 1", actual: a.shape)
        }
        guard a.scalars.allSatisfy(\.isFinite) else {
            throw TensorCoreError.invalidParameter(operation: "SymmetricEigen", parameter: "a", reason: "contains NaN or infinity")
        }
        var n = Int32(a.shape[0]), lda = n, info: Int32 = 0
        var matrix = a.scalars  // symmetric: row-major = column-major
        var w = [Float](repeating: 0, count: Int(n))
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
        // Workspace query.
        var workSize: Float = 0, iworkSize: Int32 = 0, query: Int32 = -1
        ssyevd_(&jobz, &uplo, &n, &matrix, &lda, &w, &workSize, &query, &iworkSize, &query, &info)
        guard info == 0 else { throw LAPACKInfo.error("ssyevd_ (workspace query)", info) }
        var lwork = Int32(workSize.rounded(.up)), liwork = iworkSize
        var work = [Float](repeating: 0, count: Int(max(lwork, 1)))
        var iwork = [Int32](repeating: 0, count: Int(max(liwork, 1)))
        ssyevd_(&jobz, &uplo, &n, &matrix, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { throw LAPACKInfo.error("ssyevd_", info) }
        // Column j of the column-major result (= row j of our buffer) is the eigenvector of w[j] (ascending).
        let size = Int(n)
        var rows = [Float](repeating: 0, count: size * size)
        for i in 0..<size {
            let j = size - 1 - i
            for k in 0..<size { rows[i * size + k] = matrix[j * size + k] }
        }
        values = Tensor(shape: [size], values: w.reversed())
        vectors = Tensor(shape: [size, size], values: rows)
    }
}

enum LAPACKInfo {
    static func error(_ routine: String, _ info: Int32) -> TensorCoreError {
        let meaning = info < 0 ? "argument \(-info) had an illegal value" : "the algorithm failed to converge (\(info) off-diagonal elements)"
        return .lapackFailure(routine: routine, info: info, meaning: meaning)
    }
}
