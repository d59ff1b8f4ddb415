import CDNNL
import Foundation

/// bfloat16 matrix multiply with float32 accumulation on oneDNN's matmul primitive (issue 18's fast path):
/// `C[m×n] = A[m×k] · B[k×n]`, or `C += A · B` with `accumulate`, row-major; A and B hold bfloat16 bits (`UInt16`,
/// see `BFloat16`), C is float32.
///
/// One primitive is made per shape and kept (creation costs far more than a small product). Every call runs on the
/// calling thread alone (OpenMP limited to one thread there), with a scratchpad it owns, so concurrent calls from
/// TensorCore's workers are safe and each result depends on the shape only, not on thread counts.
/// On a CPU without native bf16 (AVX512-BF16 or AMX), oneDNN emulates it, bit-compatibly and slower (`isNative`).
public enum BF16Matmul {
    /// Whether oneDNN runs bf16 natively here (its effective ISA includes AVX512-BF16 or AMX).
    public static let isNative: Bool = {
        let isa = dnnl_get_effective_cpu_isa().rawValue
        let bf16 = dnnl_cpu_isa_avx512_core_bf16.rawValue
        return isa & bf16 == bf16
    }()

    /// `c[m, ldc] (+)= a[m, lda] · b[k, ldb]` (the first `k` columns of a, `n` of b and c). Throws `BF16MatmulError`
    /// when oneDNN refuses the shape.
    public static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<UInt16>, lda: Int, b: UnsafePointer<UInt16>,
                                ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) throws {
        precondition(m > 0 && n > 0 && k > 0 && lda >= k && ldb >= n && ldc >= n, "BF16Matmul: bad shape")
        let primitive = try MatmulPrimitive.cached(Shape(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate))
        try primitive.execute(a: UnsafeMutableRawPointer(mutating: a), b: UnsafeMutableRawPointer(mutating: b),
                              c: UnsafeMutableRawPointer(c))
    }

    struct Shape: Hashable {
        let m, n, k, lda, ldb, ldc: Int
        let accumulate: Bool
    }
}

/// A oneDNN call that failed: which, and its status.
public struct BF16MatmulError: Error, CustomStringConvertible {
    public let description: String
}

/// One matmul primitive for one shape, its descriptors and scratchpad size. Immutable after creation; executing
/// from several threads at once is safe (each call brings its own memory objects, stream and scratchpad).
final class MatmulPrimitive: @unchecked Sendable {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var primitives: [BF16Matmul.Shape: MatmulPrimitive] = [:]
    nonisolated(unsafe) private static var engine: dnnl_engine_t? = nil

    private let primitive: dnnl_primitive_t
    private let source: dnnl_memory_desc_t, weights: dnnl_memory_desc_t, destination: dnnl_memory_desc_t
    private let scratchpad: dnnl_memory_desc_t
    private let scratchpadBytes: Int
    private let engine: dnnl_engine_t

    static func check(_ status: dnnl_status_t, _ what: String) throws {
        guard status == dnnl_success else { throw BF16MatmulError(description: "oneDNN: \(what) failed (status \(status.rawValue))") }
    }

    static func cached(_ shape: BF16Matmul.Shape) throws -> MatmulPrimitive {
        lock.lock()
        defer { lock.unlock() }
        if let p = primitives[shape] { return p }
        if engine == nil {
            var e: dnnl_engine_t? = nil
            try check(dnnl_engine_create(&e, dnnl_cpu, 0), "dnnl_engine_create")
            engine = e
        }
        let p = try MatmulPrimitive(shape, engine: engine!)
        primitives[shape] = p
        return p
    }

    private init(_ s: BF16Matmul.Shape, engine: dnnl_engine_t) throws {
        self.engine = engine
        func describe(_ rows: Int, _ cols: Int, _ ld: Int, _ type: dnnl_data_type_t) throws -> dnnl_memory_desc_t {
            var md = dnnl_memory_desc_t()
            let dims: [dnnl_dim_t] = [dnnl_dim_t(rows), dnnl_dim_t(cols)], strides: [dnnl_dim_t] = [dnnl_dim_t(ld), 1]
            try Self.check(dnnl_memory_desc_init_by_strides(&md, 2, dims, type, strides), "dnnl_memory_desc_init_by_strides")
            return md
        }
        var source = try describe(s.m, s.k, s.lda, dnnl_bf16)
        var weights = try describe(s.k, s.n, s.ldb, dnnl_bf16)
        var destination = try describe(s.m, s.n, s.ldc, dnnl_f32)
        (self.source, self.weights, self.destination) = (source, weights, destination)
        var op = dnnl_matmul_desc_t()
        try Self.check(dnnl_matmul_desc_init(&op, &source, &weights, nil, &destination), "dnnl_matmul_desc_init")
        var attr: dnnl_primitive_attr_t? = nil
        try Self.check(dnnl_primitive_attr_create(&attr), "dnnl_primitive_attr_create")
        defer { dnnl_primitive_attr_destroy(attr) }
        try Self.check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "set_scratchpad_mode")
        if s.accumulate {
            var ops: dnnl_post_ops_t? = nil
            try Self.check(dnnl_post_ops_create(&ops), "dnnl_post_ops_create")
            defer { dnnl_post_ops_destroy(ops) }
            try Self.check(dnnl_post_ops_append_sum(ops, 1), "dnnl_post_ops_append_sum")
            try Self.check(dnnl_primitive_attr_set_post_ops(attr, ops), "dnnl_primitive_attr_set_post_ops")
        }
        var pd: dnnl_primitive_desc_t? = nil
        try Self.check(withUnsafePointer(to: &op) { dnnl_primitive_desc_create(&pd, UnsafeRawPointer($0), attr, engine, nil) },
                       "dnnl_primitive_desc_create (matmul \(s.m)x\(s.k) · \(s.k)x\(s.n))")
        defer { dnnl_primitive_desc_destroy(pd) }
        if let md = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0) {
            scratchpad = md.pointee
            scratchpadBytes = dnnl_memory_desc_get_size(md)
        } else {
            scratchpad = dnnl_memory_desc_t()
            scratchpadBytes = 0
        }
        var prim: dnnl_primitive_t? = nil
        try Self.check(dnnl_primitive_create(&prim, pd), "dnnl_primitive_create")
        primitive = prim!
    }

    /// libgomp's `omp_set_num_threads` (libdnnl's OpenMP runtime, already loaded with it), looked up once.
    private static let setOpenMPThreads: (@convention(c) (Int32) -> Void)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "omp_set_num_threads") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Void).self)
    }()

    func execute(a: UnsafeMutableRawPointer, b: UnsafeMutableRawPointer, c: UnsafeMutableRawPointer) throws {
        Self.setOpenMPThreads?(1)                       // this thread's OpenMP regions: one thread (per-thread setting)
        var memories: [dnnl_memory_t?] = []
        defer { for m in memories { dnnl_memory_destroy(m) } }
        func memory(_ desc: dnnl_memory_desc_t, _ data: UnsafeMutableRawPointer?) throws -> dnnl_memory_t? {
            var m: dnnl_memory_t? = nil, md = desc
            try Self.check(dnnl_memory_create(&m, &md, engine, data), "dnnl_memory_create")
            memories.append(m)
            return m
        }
        let scratch = scratchpadBytes > 0 ? UnsafeMutableRawPointer.allocate(byteCount: scratchpadBytes, alignment: 64) : nil
        defer { scratch?.deallocate() }
        var args = [dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: try memory(source, a)),
                    dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: try memory(weights, b)),
                    dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: try memory(destination, c))]
        if let scratch { args.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: try memory(scratchpad, scratch))) }
        var stream: dnnl_stream_t? = nil
        try Self.check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "dnnl_stream_create")
        defer { dnnl_stream_destroy(stream) }
        try Self.check(dnnl_primitive_execute(primitive, stream, Int32(args.count), args), "dnnl_primitive_execute")
        try Self.check(dnnl_stream_wait(stream), "dnnl_stream_wait")
    }
}
