import Foundation

/// Reader (and, in `NumPyArrayFile+Write.swift`, writer) of NumPy `.npy` files.
///
/// Numeric arrays come back as `.tensor(StoredTensor)` viewing the memory-mapped file (copied only when
/// the data is misaligned or big endian, which is byte-swapped into an owned little-endian buffer).
/// Fortran-order arrays keep their layout: the tensor's strides are `[1, D0, D0·D1, ...]`.
/// Object arrays (`'|O'`, e.g. ReStyle's `latents.npy`, a 0-d array holding a dict) are unpickled
/// with the restricted `Unpickler`: only NumPy's array-rebuilding globals and plain containers are
/// allowed, nothing is executed.
public enum NumPyArrayFile {
    /// Reads the `.npy` file at `url`.
    public static func read(_ url: URL) throws -> CheckpointValue {
        let region = try ByteRegion(mapping: url)
        return try read(region: region, offset: 0, count: region.count, file: url.path)
    }

    /// Reads an `.npy` image occupying `[offset, offset + count)` of `region` (e.g. an `.npz` member);
    /// `file` names it in errors.
    public static func read(region: ByteRegion, offset: Int, count: Int, file: String) throws -> CheckpointValue {
        guard let bytes = region.bytes(at: offset, length: count) else {
            throw CheckpointError.malformed(file: file, reason: "npy: byte range \(offset)..<\(offset + count) is outside its \(region.count)-byte container")
        }
        let header = try NumPyHeader.parse(bytes, file: file)
        let dataStart = offset + header.headerSize
        let available = count - header.headerSize

        if header.descr == "|O" || header.descr == "<O" || header.descr == ">O" || header.descr == "=O" {
            return try readObjectArray(header, bytes: UnsafeRawBufferPointer(rebasing: bytes[header.headerSize...]), file: file)
        }
        let element = try NumPyElementType(descr: header.descr, file: file)
        // Every extent counts (zeros as 1): strides are products of them, and must not overflow either.
        guard let span = ShapeArithmetic.stridedSpan(header.shape, elementSize: element.dtype.byteSize),
              let n = header.elementCount else {
            throw CheckpointError.malformed(file: file, reason: "npy: shape \(header.shape) of \(header.descr) overflows a 64-bit size")
        }
        guard n == 0 || span <= available else {
            throw CheckpointError.malformed(file: file, reason: "npy: shape \(header.shape) of \(header.descr) needs \(span) data bytes, the file holds \(available) (truncated?)")
        }
        let byteCount = n * element.dtype.byteSize
        guard byteCount <= available else {
            throw CheckpointError.malformed(file: file, reason: "npy: shape \(header.shape) of \(header.descr) needs \(byteCount) data bytes, the file holds \(available) (truncated?)")
        }

        var storage = region
        var byteOffset = dataStart
        if element.bigEndian {
            storage = byteSwapped(region.bytes(at: dataStart, length: byteCount)!, elementSize: element.dtype.byteSize, url: region.url)
            byteOffset = 0
        } else if Int(bitPattern: region.base + dataStart) % element.dtype.byteSize != 0 {
            storage = ByteRegion(copying: region.bytes(at: dataStart, length: byteCount)!, url: region.url)
            byteOffset = 0
        }
        return .tensor(StoredTensor(dtype: element.dtype, shape: header.shape, strides: header.strides,
                                    storage: storage, byteOffset: byteOffset, file: file))
    }

    /// Big-endian elements → an owned little-endian copy.
    static func byteSwapped(_ source: UnsafeRawBufferPointer, elementSize: Int, url: URL?) -> ByteRegion {
        var swapped = [UInt8](source)
        swapped.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i + elementSize <= p.count {
                p[i..<i + elementSize].reverse()
                i += elementSize
            }
        }
        return swapped.withUnsafeBytes { ByteRegion(copying: $0, url: url) }
    }

    /// `'|O'`: the data is a pickle of the array itself (protocol 2–5).
    static func readObjectArray(_ header: NumPyHeader, bytes: UnsafeRawBufferPointer, file: String) throws -> CheckpointValue {
        try Unpickler(bytes: bytes, file: file).load()
    }
}
