import Testing
import TensorCore

/// Seeded z sampling (`Tensor.randomNormal`): reproducible and standard normal.
@Suite struct RandomNormalTests {
    @Test func sameSeedSameValues() {
        let a = Tensor.randomNormal(shape: [4, 512], seed: 42)
        let b = Tensor.randomNormal(shape: [4, 512], seed: 42)
        let c = Tensor.randomNormal(shape: [4, 512], seed: 43)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
    }

    @Test(arguments: [1, 7, 100_000])
    func momentsAreStandardNormal(count: Int) {
        let x = Tensor.randomNormal(shape: [count], seed: 7).scalars.map(Double.init)
        #expect(x.allSatisfy { $0.isFinite })
        guard count >= 1000 else { return }
        let mean = x.reduce(0, +) / Double(count)
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
        #expect(abs(mean) < 0.02)
        #expect(abs(variance - 1) < 0.02)
    }
}
