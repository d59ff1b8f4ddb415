import FileSupport
import Foundation
import TensorCore

/// Writing float32 `.npy` files that NumPy reads (`np.load`): format 1.0, `'<f4'`, C order, the header
/// padded with spaces so the data starts at a multiple of 64 bytes — byte for byte what `np.save` writes.
extension NumPyArrayFile {
    /// Writes `tensor` (shape and values) to `url`, atomically.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try tensor.withUnsafeBufferPointer { values in
            try write(shape: tensor.shape, values: values, to: url)
        }
    }

    /// Writes `values` (row-major) with `shape` to `url`, atomically. `values.count` must match the shape.
    public static func write(shape: [Int], values: [Float], to url: URL) throws {
        try values.withUnsafeBufferPointer { try write(shape: shape, values: $0, to: url) }
    }

    static func write(shape: [Int], values: UnsafeBufferPointer<Float>, to url: URL) throws {
        let data = encoded(shape: shape, values: values)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw CheckpointError.io(file: url.path, reason: "\(error)")
        }
    }

    /// The bytes `write(_:to:)` writes for `tensor` (a download in the editor server).
    public static func encoded(_ tensor: Tensor) -> Data {
        tensor.withUnsafeBufferPointer { encoded(shape: tensor.shape, values: $0) }
    }

    static func encoded(shape: [Int], values: UnsafeBufferPointer<Float>) -> Data {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                     "NumPyArrayFile.write: \(values.count) values for shape \(shape)")
        var data = header(shape: shape)
        let dataStart = data.count
        data.count += 4 * values.count
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: dataStart + 4 * i, as: UInt32.self)
            }
        }
        return data
    }

    /// The header NumPy writes for a float32 C-order array: magic, version, length, dict literal,
    /// spaces, '\n'; total a multiple of 64 bytes. Version 2.0 only if the literal exceeds 65535 bytes.
    static func header(shape: [Int]) -> Data {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let literal = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        var prefixSize = 10
        let text = Array(literal.utf8)
        func padded(_ prefix: Int) -> [UInt8] {
            let unpadded = prefix + text.count + 1
            return text + [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
        }
        var body = padded(prefixSize)
        var version: UInt8 = 1
        if body.count > Int(UInt16.max) { prefixSize = 12; version = 2; body = padded(prefixSize) }
        var out = Data(NumPyHeader.magic + [version, 0])
        if version == 1 {
            withUnsafeBytes(of: UInt16(body.count).littleEndian) { out.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: UInt32(body.count).littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: body)
        return out
    }
}
