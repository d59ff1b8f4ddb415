import Checkpoints
import FileSupport
import Foundation
import TensorCore

/// Writes an uncompressed `.npz` (a zip of float32 `.npy` members, as `np.savez` writes) that `np.load` and
/// `StateDict.load` both read as a dict. Used for GANSpace PCA files (`mean`, `comp`, `std`, …).
public enum NumPyZipWriter {
    /// Writes `arrays` (name → tensor, in order; member names `name.npy`) to `url` atomically.
    public static func write(_ arrays: [(name: String, tensor: Tensor)], to url: URL) throws {
        var archive = Data(), central = Data()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (i, entry) in arrays.enumerated() {
            let member = scratch.appendingPathComponent("\(i).npy")
            try NumPyArrayFile.write(entry.tensor, to: member)
            let body = try Data(contentsOf: member)
            let name = Data("\(entry.name).npy".utf8)
            let crc = crc32(body)
            let offset = UInt32(archive.count)
            // Local file header.
            archive.append(le32(0x0403_4b50)); archive.append(le16(20)); archive.append(le16(0)); archive.append(le16(0))
            archive.append(le16(0)); archive.append(le16(0x21))                 // time, date (1980-01-01)
            archive.append(le32(crc)); archive.append(le32(UInt32(body.count))); archive.append(le32(UInt32(body.count)))
            archive.append(le16(UInt16(name.count))); archive.append(le16(0))
            archive.append(name); archive.append(body)
            // Central directory entry.
            central.append(le32(0x0201_4b50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le16(0x21))
            central.append(le32(crc)); central.append(le32(UInt32(body.count))); central.append(le32(UInt32(body.count)))
            central.append(le16(UInt16(name.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0)); central.append(le32(offset))
            central.append(name)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(le32(0x0605_4b50)); archive.append(le16(0)); archive.append(le16(0))
        archive.append(le16(UInt16(arrays.count))); archive.append(le16(UInt16(arrays.count)))
        archive.append(le32(UInt32(central.count))); archive.append(le32(centralOffset)); archive.append(le16(0))
        try AtomicFile.write(archive, to: url)
    }

    private static func le16(_ v: UInt16) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    private static func le32(_ v: UInt32) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }

    private static let crcTable: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (IEEE, as zip uses).
    static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
