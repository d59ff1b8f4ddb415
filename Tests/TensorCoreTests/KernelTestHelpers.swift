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
