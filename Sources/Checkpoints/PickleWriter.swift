import Foundation

/// A minimal pickle (protocol 3) emitter for the NumPy objects this tool writes: strings, ints, tuples, lists,
/// dicts and float32 `numpy.ndarray`s in the layout NumPy's own `ndarray.__reduce__` produces. Output only: what it
/// writes loads with `pickle.load` / `np.load(..., allow_pickle=True)` and with this package's `Unpickler`.
struct PickleWriter {
    private(set) var bytes: [UInt8] = [0x80, 3]                      // PROTO 3

    mutating func global(_ module: String, _ name: String) { bytes.append(0x63); bytes += Array("\(module)\n\(name)\n".utf8) }
    mutating func int(_ v: Int32) {
        if v >= 0 && v < 256 { bytes += [0x4B, UInt8(v)] } else { bytes.append(0x4A); bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        bytes.append(0x58); bytes += withUnsafeBytes(of: UInt32(utf8.count).littleEndian, Array.init); bytes += utf8
    }
    mutating func data(_ d: [UInt8]) {
        bytes.append(0x42); bytes += withUnsafeBytes(of: UInt32(d.count).littleEndian, Array.init); bytes += d
    }
    mutating func bool(_ b: Bool) { bytes.append(b ? 0x88 : 0x89) }
    mutating func none() { bytes.append(0x4E) }
    mutating func mark() { bytes.append(0x28) }
    mutating func tuple() { bytes.append(0x74) }                      // TUPLE (from the mark)
    mutating func reduce() { bytes.append(0x52) }
    mutating func build() { bytes.append(0x62) }
    mutating func emptyList() { bytes.append(0x5D) }
    mutating func appends() { bytes.append(0x65) }                    // APPENDS (from the mark)
    mutating func emptyDict() { bytes.append(0x7D) }
    mutating func setItems() { bytes.append(0x75) }                   // SETITEMS (from the mark)
    mutating func stop() { bytes.append(0x2E) }

    /// `numpy.dtype(code, False, True)` with its state (byte order `order`, `flags`).
    mutating func dtype(_ code: String, order: String, flags: Int32) {
        global("numpy", "dtype")
        mark(); string(code); bool(false); bool(true); tuple(); reduce()
        mark(); int(3); string(order); none(); none(); none(); int(-1); int(-1); int(flags); tuple(); build()
    }

    /// `numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')`, the start of every pickled array.
    mutating func arrayStart() {
        global("numpy.core.multiarray", "_reconstruct")
        global("numpy", "ndarray")
        mark(); int(0); tuple()
        bytes += [0x43, 1, 0x62]                                        // SHORT_BINBYTES b'b'
        bytes.append(0x87)                                              // TUPLE3: (ndarray, (0,), b'b')
        reduce()
    }

    /// A float32 C-order array of `shape` holding `values`.
    mutating func floatArray(shape: [Int], values: [Float]) {
        arrayStart()
        mark(); int(1)
        mark(); for d in shape { int(Int32(d)) }; tuple()
        dtype("f4", order: "<", flags: 0)
        bool(false)
        var raw = [UInt8](); raw.reserveCapacity(4 * values.count)
        for v in values { raw += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }
        data(raw)
        tuple(); build()
    }

    /// A 0-d object array whose one element is written by `element` (what `np.save` stores for a dict).
    mutating func objectScalar(_ element: (inout PickleWriter) -> Void) {
        arrayStart()
        mark(); int(1)
        mark(); tuple()                                                 // shape ()
        dtype("O8", order: "|", flags: 63)
        bool(false)
        emptyList(); mark(); element(&self); appends()
        tuple(); build()
    }
}
