/// One slot of the unpickler's stack or memo. Containers are reference boxes (`PickleNode`)
/// because the memo may alias a container before its items are added; the finished tree is
/// converted to value-typed `CheckpointValue`s at the end (see `Unpickler+Conversion.swift`).
enum PickleItem {
    /// MARK: the start of a variable-length group of items.
    case mark
    /// A finished immutable value (scalars, strings, bytes, tensors, persistent-load results).
    case value(CheckpointValue)
    /// A list, tuple, dict, set or `argparse.Namespace` under construction.
    case node(PickleNode)
    /// An allow-listed global ("module.name") that has not been called.
    case global(String)
    /// A `numpy.dtype` object (its byte order arrives by BUILD).
    case numpyDType(NumPyDTypeObject)
    /// An `ndarray` made by `numpy…_reconstruct`, waiting for its BUILD state.
    case numpyArray(NumPyArrayObject)

    /// A short description for error messages.
    var kindName: String {
        switch self {
        case .mark: return "mark"
        case .value(let v): return v.kindName
        case .node(let n): return n.kind.rawValue
        case .global(let g): return "global \(g)"
        case .numpyDType: return "numpy.dtype"
        case .numpyArray: return "numpy.ndarray"
        }
    }
}

/// A mutable container built by the unpickler.
final class PickleNode {
    enum Kind: String { case list, tuple, dict, namespace, set }
    let kind: Kind
    /// list/tuple/set: the elements. dict/namespace: keys and values interleaved (k0, v0, k1, v1, …).
    var items: [PickleItem]

    init(_ kind: Kind, items: [PickleItem] = []) {
        self.kind = kind
        self.items = items
    }
}

/// `numpy.dtype(descr, align, copy)` plus the byte order from its BUILD state.
final class NumPyDTypeObject {
    /// e.g. "f4", "f8", "i8", "O8", "b1", "u1".
    let descr: String
    /// "<", ">", "|" or "=" (native).
    var byteOrder: String = "="

    init(descr: String) { self.descr = descr }
}

/// An `ndarray` being rebuilt: `_reconstruct(ndarray, (0,), b'b')` then BUILD with
/// `(version, shape, dtype, is_fortran, data)`.
final class NumPyArrayObject {
    /// The rebuilt array: a tensor, or for object arrays the element(s).
    var content: PickleItem?
}
