import CZip

/// zlib for zip entries: raw DEFLATE streams inflated straight into their destination, and CRC-32.
enum ZipInflater {
    struct Failure: Error { let reason: String }

    /// Largest piece handed to zlib at once (its counters are 32-bit).
    private static let piece = 1 << 30

    /// Inflates the raw DEFLATE stream `input` into `output`, which must be filled exactly: a stream that ends
    /// early, or still has bytes once `output` is full, is a `Failure` stating both sizes. Returns the CRC-32 of
    /// the inflated bytes.
    static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> UInt32 {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let inBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        let outBase = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        var consumed = 0, produced = 0
        let spare = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
        defer { spare.deallocate() }
        while true {
            if stream.avail_in == 0, consumed < input.count, let inBase {
                let n = min(piece, input.count - consumed)
                stream.next_in = inBase + consumed
                stream.avail_in = UInt32(n)
                consumed += n
            }
            let full = produced == output.count
            if stream.avail_out == 0 {
                if full {
                    // One spare byte: anything written there means the stream is longer than declared.
                    stream.next_out = spare
                    stream.avail_out = 1
                } else if let outBase {
                    let n = min(piece, output.count - produced)
                    stream.next_out = outBase + produced
                    stream.avail_out = UInt32(n)
                }
            }
            let before = stream.avail_out
            let status = CZip.inflate(&stream, Z_NO_FLUSH)
            if full {
                if stream.avail_out < before { throw Failure(reason: "inflates to more than the declared \(output.count) bytes") }
            } else {
                produced += Int(before - stream.avail_out)
            }
            switch status {
            case Z_STREAM_END:
                guard produced == output.count else {
                    throw Failure(reason: "inflated to \(produced) bytes, central directory says \(output.count)")
                }
                return checksum(UnsafeRawBufferPointer(output))
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == input.count:
                throw Failure(reason: "compressed data (\(input.count) bytes) ends before the end of the DEFLATE stream "
                              + "(\(produced) of \(output.count) bytes inflated)")
            case Z_BUF_ERROR:
                continue
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw Failure(reason: "corrupt DEFLATE data (\(message)) after \(produced) inflated bytes")
            }
        }
    }

    /// CRC-32 (zip's polynomial) of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return UInt32(truncatingIfNeeded: crc32_z(0, base.assumingMemoryBound(to: Bytef.self), bytes.count))
    }
}
