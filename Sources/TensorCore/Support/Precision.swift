import Foundation

/// The arithmetic of the large matrix products (`GEMM.sgemm`: the convolutions and linear layers of the generator
/// and the encoders): float32 (`fp32`, the default, bit for bit what the kernels always computed) or bfloat16
/// inputs with float32 accumulation on oneDNN (`bf16`, `BF16Matmul`). Everything else stays float32.
///
/// The setting belongs to the calling thread (`with`), and the workers of a `Parallel` region inherit it, so two
/// study cells or server requests on different threads can use different precisions at once.
public enum Precision: String, CaseIterable, Sendable, CustomStringConvertible {
    case fp32, bf16

    public var description: String { rawValue }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// The calling thread's precision (fp32 unless inside `with(.bf16)`).
    public static var current: Precision {
        pthread_getspecific(key) == nil ? .fp32 : .bf16
    }

    /// Under bf16: whether every product large enough runs in bf16 (`with(.bf16, everyProduct: true)`: tests of the
    /// bf16 arithmetic on small networks), rather than only the shapes where it pays (`GEMM.bf16Pays`, the default).
    public static var coversEveryProduct: Bool {
        Int(bitPattern: pthread_getspecific(key)) == 2
    }

    /// Runs `body` with this thread's products in `precision`, then restores the previous one. `everyProduct`
    /// (bf16 only) turns off the where-it-pays shape rule.
    public static func with<T>(_ precision: Precision, everyProduct: Bool = false, _ body: () throws -> T) rethrows -> T {
        try withState(precision == .bf16 ? UnsafeRawPointer(bitPattern: everyProduct ? 2 : 1) : nil, body)
    }

    /// The thread's setting as stored (nil: fp32, 1: bf16 where it pays, 2: bf16 for every product), for `Parallel`
    /// to hand to its workers.
    static var state: UnsafeRawPointer? { pthread_getspecific(key).map { UnsafeRawPointer($0) } }

    static func withState<T>(_ state: UnsafeRawPointer?, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, state)
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// A sentence for `--precision bf16` where this CPU has no native bf16 (oneDNN then emulates it), else nil.
    public static var bf16Warning: String? {
        BF16Matmul.isNative ? nil : "this CPU has neither AVX512-BF16 nor AMX: oneDNN emulates bf16, which is slower than fp32 here"
    }
}
