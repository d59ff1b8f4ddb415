import TensorCore
import TestSupport
import XCTest

/// Largest |value| of a tensor (at least 1), used to scale float32 tolerances.
func magnitude(_ t: Tensor) -> Float { max(1, t.scalars.map(abs).max() ?? 0) }

/// assertClose with tolerance `relative · max(1, max|expected|)`.
@discardableResult
func assertCloseScaled(_ actual: Tensor, _ expected: Tensor, relative: Float = 1e-5, _ message: String,
                       file: StaticString = #filePath, line: UInt = #line) -> Closeness {
    assertClose(actual, expected, tolerance: relative * magnitude(expected), message, file: file, line: line)
}

/// Unwraps `try` in tests with the error text as the failure message.
func must<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    do { return try body() } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        throw error
    }
}

/// `alpha · op(A)·op(B) + beta · C` summed in Double over the flat arrays: the naive product for shapes where
/// `Reference.matmul` (element subscripts) is too slow in debug builds.
func flatMatmul(_ a: Tensor, _ b: Tensor, transposeA ta: Bool, transposeB tb: Bool,
                alpha: Double = 1, beta: Double = 0, adding c: Tensor? = nil) -> Tensor {
    let m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1], n = tb ? b.shape[0] : b.shape[1]
    let av = a.scalars, bv = b.scalars, cv = c?.scalars
    var out = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var acc = 0.0
            for t in 0..<k { acc += Double(ta ? av[t * m + i] : av[i * k + t]) * Double(tb ? bv[j * k + t] : bv[t * n + j]) }
            out[i * n + j] = Float(alpha * acc + (cv.map { beta * Double($0[i * n + j]) } ?? 0))
        }
    }
    return Tensor(shape: [m, n], values: out)
}
