import Foundation

/// Reader of safetensors files: UInt64 LE header length N, N bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}`,
/// then the data buffer. Offsets are relative to the buffer; tensors are C-order, little endian.
///
/// The result is `.dict`: each tensor name → `.tensor` viewing the memory-mapped file (nothing copied;
/// misaligned tensors are copied into an owned buffer), in data order, plus `"__metadata__"` → `.dict`
/// of strings when present. Offsets must be in range, match dtype × shape, not overlap and cover the buffer.
public enum SafetensorsFile {
    /// Headers larger than this are refused (the format's reference implementation uses 100 MB).
    public static let maxHeaderSize = 100_000_000

    /// The keys of a tensor entry.
    static let entryKeys: Set<String> = ["dtype", "shape", "data_offsets"]

    static let dtypes: [String: DType] = [
        "F32": .float32, "F16": .float16, "BF16": .bfloat16, "F64": .float64,
        "I64": .int64, "I32": .int32, "I16": .int16, "I8": .int8, "U8": .uint8, "BOOL": .bool,
    ]

    public static func read(_ url: URL) throws -> CheckpointValue {
        try read(region: ByteRegion(mapping: url), file: url.path)
    }

    /// Reads the safetensors image filling `region` (e.g. a file already mapped); `file` names it in errors.
    public static func read(region: ByteRegion, file: String) throws -> CheckpointValue {
        let url = region.url
        func bad(_ reason: String) -> CheckpointError { .malformed(file: file, reason: "safetensors: \(reason)") }

        guard let rawLength = region.littleEndian(UInt64.self, at: 0) else {
            throw bad("file of \(region.count) bytes is too short for the 8-byte header length")
        }
        guard rawLength <= UInt64(maxHeaderSize) else { throw bad("header length \(rawLength) exceeds the \(maxHeaderSize)-byte limit") }
        let headerLength = Int(rawLength)
        guard let headerBytes = region.bytes(at: 8, length: headerLength) else {
            throw bad("header of \(headerLength) bytes runs past the end of the \(region.count)-byte file (truncated)")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes))
        } catch {
            throw bad("header is not valid JSON")
        }
        guard let table = json as? [String: Any] else { throw bad("header is not a JSON object") }

        let bufferStart = 8 + headerLength
        let bufferSize = region.count - bufferStart
        struct Pending { let name: String; let dtype: DType; let shape: [Int]; let begin: Int; let end: Int }
        var pending: [Pending] = []
        var metadata: [(key: CheckpointValue, value: CheckpointValue)]?

        for (name, raw) in table {
            if name == "__metadata__" {
                guard let dict = raw as? [String: Any] else { throw bad("__metadata__ is not an object") }
                metadata = try dict.keys.sorted().map { key in
                    guard let s = dict[key] as? String else { throw bad("__metadata__ value for '\(key)' is not a string") }
                    return (key: .string(key), value: .string(s))
                }
                continue
            }
            guard let info = raw as? [String: Any] else { throw bad("entry '\(name)' is not an object") }
            let unknown = info.keys.filter { !entryKeys.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw bad("tensor '\(name)' has unknown key\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                          + "allowed: dtype, shape, data_offsets")
            }
            guard let dtypeName = info["dtype"] as? String else { throw bad("tensor '\(name)' has no dtype") }
            guard let dtype = dtypes[dtypeName] else {
                throw CheckpointError.unsupported(file: file, reason: "safetensors dtype '\(dtypeName)' of tensor '\(name)'")
            }
            guard let shapeValues = info["shape"] as? [Any], let offsets = info["data_offsets"] as? [Any], offsets.count == 2 else {
                throw bad("tensor '\(name)' needs 'shape' and two 'data_offsets'")
            }
            let shape = try shapeValues.map { v -> Int in
                guard let n = exactInt(v), n >= 0 else { throw bad("tensor '\(name)': bad shape \(shapeValues)") }
                return n
            }
            guard let begin = exactInt(offsets[0]), let end = exactInt(offsets[1]), begin >= 0, begin <= end else {
                throw bad("tensor '\(name)': bad data_offsets \(offsets)")
            }
            guard end <= bufferSize else {
                throw bad("tensor '\(name)': data_offsets [\(begin), \(end)] run past the \(bufferSize)-byte data buffer")
            }
            // Zeros count as 1 here: the strides are products of every extent and must not overflow either.
            guard ShapeArithmetic.stridedSpan(shape, elementSize: dtype.byteSize) != nil else {
                throw bad("tensor '\(name)': shape \(shape) overflows a 64-bit size")
            }
            let elements = shape.reduce(1, *)
            let (needed, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, needed == end - begin else {
                throw bad("tensor '\(name)': \(dtypeName) \(shape) needs \(overflow ? "too many" : String(needed)) bytes, data_offsets span \(end - begin)")
            }
            pending.append(Pending(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }

        // Sorted by offset, the tensors must tile the buffer exactly: no overlap, no gap.
        pending.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        for p in pending {
            guard p.begin >= cursor else { throw bad("tensor '\(p.name)' (bytes \(p.begin)..<\(p.end)) overlaps the previous tensor (ends at \(cursor))") }
            guard p.begin == cursor else { throw bad("gap in the data buffer before tensor '\(p.name)' (bytes \(cursor)..<\(p.begin) unused)") }
            cursor = p.end
        }
        guard cursor == bufferSize else {
            throw bad("data buffer is \(bufferSize) bytes but the tensors cover \(cursor)")
        }

        var entries: [(key: CheckpointValue, value: CheckpointValue)] = []
        for p in pending {
            var strides = [Int](repeating: 1, count: p.shape.count)
            var acc = 1
            for i in p.shape.indices.reversed() { strides[i] = acc; acc *= max(p.shape[i], 1) }
            var storage = region
            var offset = bufferStart + p.begin
            if Int(bitPattern: region.base + offset) % p.dtype.byteSize != 0 {
                storage = ByteRegion(copying: region.bytes(at: offset, length: p.end - p.begin)!, url: url)
                offset = 0
            }
            entries.append((key: .string(p.name), value: .tensor(StoredTensor(
                dtype: p.dtype, shape: p.shape, strides: strides, storage: storage, byteOffset: offset, file: file))))
        }
        if let metadata { entries.append((key: .string("__metadata__"), value: .dict(metadata))) }
        return .dict(entries)
    }

    /// An integral JSON number as Int (JSONSerialization gives NSNumber; booleans and fractions are refused).
    private static func exactInt(_ value: Any) -> Int? {
        // (`value is Bool` is true for any 0/1 NSNumber on Linux; JSON booleans have objCType "c".)
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let d = number.doubleValue
        guard d.rounded() == d, abs(d) < 9.0e15 else { return nil }
        return number.intValue
    }
}
