import Checkpoints
import XCTest

/// HalfFloat (float16 / bfloat16 ↔ Float32), checked exhaustively over all 65536 bit patterns.
final class NumPyHalfFloatTests: XCTestCase {
    func testKnownValues() {
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x3C00), 1)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0xC000), -2)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x7BFF), 65504)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x0001), 0x1p-24)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x0400), 0x1p-14)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x7C00), .infinity)
        XCTAssertEqual(HalfFloat.float(fromFloat16: 0x8000).sign, .minus)
        XCTAssert(HalfFloat.float(fromFloat16: 0x7E00).isNaN)
        XCTAssertEqual(HalfFloat.float(fromBFloat16: 0x3F80), 1)
        XCTAssertEqual(HalfFloat.float(fromBFloat16: 0xC049), -3.140625)
        XCTAssertEqual(HalfFloat.float16Bits(65520), 0x7C00, "rounds past the largest finite value to infinity")
        XCTAssertEqual(HalfFloat.float16Bits(1 + 0x1p-11), 0x3C00, "tie rounds to even")
        XCTAssertEqual(HalfFloat.float16Bits(1 + 0x1p-11 + 0x1p-20), 0x3C01)
        XCTAssertEqual(HalfFloat.float16Bits(0x1p-25), 0, "half of the smallest subnormal ties to even (zero)")
        XCTAssertEqual(HalfFloat.float16Bits(0x1.8p-25), 1)
        XCTAssertEqual(HalfFloat.bfloat16Bits(1 + 0x1p-8), 0x3F80, "tie rounds to even")
        XCTAssertEqual(HalfFloat.bfloat16Bits(1 + 0x1p-8 + 0x1p-20), 0x3F81)
    }

    func testEveryFloat16RoundTrips() {
        for bits in 0...UInt16.max {
            let f = HalfFloat.float(fromFloat16: bits)
            if f.isNaN { XCTAssert(HalfFloat.float16Bits(f) & 0x7C00 == 0x7C00); continue }
            XCTAssertEqual(HalfFloat.float16Bits(f), bits, "0x\(String(bits, radix: 16))")
            #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
            XCTAssertEqual(f, Float(Float16(bitPattern: bits)), "0x\(String(bits, radix: 16)) vs the platform's Float16")
            #endif
        }
    }

    func testFloat16RoundingMatchesPlatform() {
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        var state: UInt32 = 12345
        for _ in 0..<200_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            let f = Float(bitPattern: (state & 0x8FFF_FFFF) | 0x3000_0000 & state)  // spread over ±1e-9…±1e5
            guard f.isFinite else { continue }
            XCTAssertEqual(HalfFloat.float16Bits(f), Float16(f).bitPattern, "\(f)")
        }
        #endif
    }

    func testEveryBFloat16RoundTrips() {
        for bits in 0...UInt16.max {
            let f = HalfFloat.float(fromBFloat16: bits)
            XCTAssertEqual(f.bitPattern, UInt32(bits) << 16)
            if !f.isNaN { XCTAssertEqual(HalfFloat.bfloat16Bits(f), bits) }
        }
    }

    func testBulkConversionHandlesUnalignedInput() {
        let raw: [UInt8] = [0xFF, 0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F]  // data starts at byte 1
        var out = [Float](repeating: 0, count: 3)
        raw.withUnsafeBytes { p in HalfFloat.convertFloat16(p.baseAddress! + 1, count: 3, to: &out) }
        XCTAssertEqual(Array(out.prefix(2)), [1, -2])
        raw.withUnsafeBytes { p in HalfFloat.convertBFloat16(p.baseAddress! + 3, count: 2, to: &out) }
        XCTAssertEqual(Array(out.prefix(2)), [-2, 1])
    }
}
