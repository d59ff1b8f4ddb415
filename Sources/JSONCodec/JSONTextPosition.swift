/// 1-based line and column of a byte offset in UTF-8 text. Columns count Unicode scalars,
/// so a multi-byte character counts once.
struct JSONTextPosition: Equatable {
    var line: Int
    var column: Int

    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1, column = 1
        for i in 0..<min(max(offset, 0), bytes.count) {
            let b = bytes[i]
            if b == 0x0A {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        self.line = line
        self.column = column
    }
}
