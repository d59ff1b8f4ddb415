import Foundation
import StyleGAN2
import TensorCore
import TestSupport
import XCTest

/// Forward timings, run only with `STYLEGAN2_BENCH=1` (use a release build:
/// `STYLEGAN2_BENCH=1 swift test -c release --filter GeneratorBenchmarkTests`). Sizes via `STYLEGAN2_BENCH_SIZES`
/// (default "256,1024": the fixture g256 and a random-weight official 1024 px configuration).
final class GeneratorBenchmarkTests: XCTestCase {
    func testSynthesisTimings() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipUnless(env["STYLEGAN2_BENCH"] == "1", "set STYLEGAN2_BENCH=1 (release build) to time the generator")
        let sizes = (env["STYLEGAN2_BENCH_SIZES"] ?? "256,1024").split(separator: ",").compactMap { Int($0) }
        let repeats = Int(env["STYLEGAN2_BENCH_REPEATS"] ?? "3") ?? 3
        for size in sizes {
            let g: Generator
            if size == 256 {
                g = try GeneratorFixtures.load("g256_restyle.pt")
            } else {
                let start = Date()
                g = Generator(randomWeightsFor: try .standard(size: size), seed: 1)
                print("bench: built random \(g.configuration) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
            }
            var rng = SeededGenerator(seed: 3)
            let wPlus = rng.normalTensor([1, g.nLatent, g.styleDim])
            var times: [Double] = []
            var image = Tensor(zeros: [1])
            for _ in 0..<repeats {
                let start = Date()
                image = try g.synthesize(wPlus: wPlus)
                times.append(Date().timeIntervalSince(start))
            }
            XCTAssertEqual(image.shape, [1, 3, size, size])
            XCTAssertTrue(image.scalars.allSatisfy(\.isFinite))
            print("bench: \(size) px synthesis, \(Parallel.workerCount) workers, \(GEMM.threadingDescription): "
                  + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + " s (min \(String(format: "%.3f", times.min()!)) s)")
            if env["STYLEGAN2_BENCH_LAYERS"] == "1" { try printLayerTimes(g, wPlus) }
        }
    }

    /// g256 with a batch: samples in parallel (single-threaded BLAS) vs one sample at a time (threaded BLAS).
    func testBatchParallelismTimings() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipUnless(env["STYLEGAN2_BENCH"] == "1", "set STYLEGAN2_BENCH=1 (release build) to time the generator")
        let g = try GeneratorFixtures.load("g256_restyle.pt")
        for batch in [2, 4] {
            var rng = SeededGenerator(seed: 5)
            let wPlus = rng.normalTensor([batch, g.nLatent, g.styleDim])
            var best: [String: Double] = [:], total: [String: Double] = [:]
            let rounds = Int(env["STYLEGAN2_BENCH_REPEATS"] ?? "5") ?? 5
            for _ in 0..<rounds {
                for (name, mode) in [("withinSample", BatchParallelism.withinSample), ("acrossSamples", .acrossSamples)] {
                    let start = Date()
                    let image = try g.synthesize(wPlus: wPlus, parallelism: mode)
                    let t = Date().timeIntervalSince(start)
                    XCTAssertEqual(image.shape, [batch, 3, 256, 256])
                    best[name] = min(best[name] ?? .infinity, t)
                    total[name, default: 0] += t
                }
            }
            print("bench: g256 batch \(batch): " + best.sorted { $0.key < $1.key }
                .map { "\($0.key) best \(String(format: "%.1f", 1000 * $0.value)) ms, mean \(String(format: "%.1f", 1000 * total[$0.key]! / Double(rounds))) ms" }
                .joined(separator: "; "))
        }
    }

    /// Per-block times through the public block API (same math as `synthesize`).
    private func printLayerTimes(_ g: Generator, _ wPlus: Tensor) throws {
        func row(_ r: Int) -> Tensor { GeneratorFixtures.row(r, of: wPlus) }
        func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            let start = Date()
            let result = try body()
            print("bench:   \(label): \(String(format: "%.1f", 1000 * Date().timeIntervalSince(start))) ms")
            return result
        }
        var x = try g.constantBatch(1)
        x = try timed("conv1") { try g.conv1(x, w: row(0), noise: g.noises[0]) }
        var skip = try timed("to_rgb1") { try g.toRGB1(x, w: row(1), skip: nil) }
        for k in 0..<g.configuration.blockCount {
            let r = 8 << k
            x = try timed("convs.\(2 * k) up \(r) px \(g.convs[2 * k].inChannels)→\(g.convs[2 * k].outChannels)") {
                try g.convs[2 * k](x, w: row(2 * k + 1), noise: g.noises[2 * k + 1]) }
            x = try timed("convs.\(2 * k + 1) \(r) px") { try g.convs[2 * k + 1](x, w: row(2 * k + 2), noise: g.noises[2 * k + 2]) }
            skip = try timed("to_rgbs.\(k) \(r) px") { try g.toRGBs[k](x, w: row(2 * k + 3), skip: skip) }
        }
    }
}
