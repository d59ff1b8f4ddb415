import Foundation

extension StateDict {
    /// Loads any supported checkpoint, recognised by its content (not its name):
    /// torch zip (`<name>/data.pkl`), `.npz` (zip of `.npy`), legacy torch (pickle magic number),
    /// `.npy`, safetensors, or a plain pickle of data. The file is memory-mapped; stored tensors
    /// point into the mapping until converted.
    public static func load(_ url: URL) throws -> StateDict {
        let file = url.path
        let region = try ByteRegion(mapping: url)
        guard region.count > 0 else {
            throw CheckpointError.malformed(file: file, reason: "the file is empty (0 bytes)")
        }
        let head = region.bytes(at: 0, length: min(region.count, 16))!
        let root: CheckpointValue
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let archive = try ZipArchive(region: region)
            if TorchZipCheckpoint.pickleEntry(of: archive) != nil {
                root = try TorchZipCheckpoint.read(archive)
            } else if !archive.entries.isEmpty, archive.entries.allSatisfy({ $0.name.hasSuffix(".npy") }) {
                root = try NumPyArchive.read(archive)
            } else {
                throw CheckpointError.unsupported(
                    file: file, reason: "zip archive that is neither a torch checkpoint (no '<name>/data.pkl') nor an .npz")
            }
        } else if TorchLegacyCheckpoint.hasMagic(head) {
            root = try TorchLegacyCheckpoint.read(region: region, file: file)
        } else if head.starts(with: [0x93] + Array("NUMPY".utf8)) {
            root = try NumPyArrayFile.read(region: region, offset: 0, count: region.count, file: file)
        } else if looksLikeSafetensors(region) {
            root = try SafetensorsFile.read(url)
        } else if head[0] == 0x80, head.count > 1, head[1] >= 2, head[1] <= 5 {
            let bytes = region.bytes(at: 0, length: region.count)!
            root = try withExtendedLifetime(region) { try Unpickler(bytes: bytes, file: file).load() }
        } else {
            let hex = head.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw CheckpointError.unsupported(
                file: file, reason: "unknown checkpoint format (starts with \(hex)); expected a torch .pt/.pth, .npy, .npz or .safetensors file")
        }
        return StateDict(file: file, root: root)
    }

    /// 8-byte little-endian header length that fits the file, then a JSON object.
    private static func looksLikeSafetensors(_ region: ByteRegion) -> Bool {
        guard let head = region.bytes(at: 0, length: 9) else { return false }
        let length = head.loadUnaligned(as: UInt64.self).littleEndian
        return length >= 2 && length <= UInt64(region.count - 8) && head[8] == UInt8(ascii: "{")
    }
}
