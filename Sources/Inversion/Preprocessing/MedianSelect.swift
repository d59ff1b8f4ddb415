/// `np.median` of one channel of a float32 image, by radix selection on order-preserving bit patterns (O(n)).
/// An even count averages the two middle values in float32, as NumPy does.
enum MedianSelect {
    static func median(of values: [Float], channel: Int, channels: Int) -> Float {
        let n = values.count / channels
        precondition(n > 0)
        let keys = (0..<n).map { key(values[$0 * channels + channel]) }
        if n % 2 == 1 { return value(select(keys, n / 2)) }
        let a = value(select(keys, n / 2 - 1)), b = value(select(keys, n / 2))
        return (a + b) / 2
    }

    /// Float bits mapped so that unsigned order is numeric order.
    static func key(_ f: Float) -> UInt32 {
        let b = f.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    static func value(_ k: UInt32) -> Float {
        Float(bitPattern: k & 0x8000_0000 != 0 ? k & 0x7FFF_FFFF : ~k)
    }

    /// The k-th smallest key (0-based): a 16-bit histogram of the high half, then of the low half in that bucket.
    static func select(_ keys: [UInt32], _ k: Int) -> UInt32 {
        var counts = [Int](repeating: 0, count: 1 << 16)
        for key in keys { counts[Int(key >> 16)] += 1 }
        var rank = k, high = 0
        while rank >= counts[high] { rank -= counts[high]; high += 1 }
        counts = [Int](repeating: 0, count: 1 << 16)
        for key in keys where Int(key >> 16) == high { counts[Int(key & 0xFFFF)] += 1 }
        var low = 0
        while rank >= counts[low] { rank -= counts[low]; low += 1 }
        return UInt32(high) << 16 | UInt32(low)
    }
}
