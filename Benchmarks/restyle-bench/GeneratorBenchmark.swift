import Checkpoints
import Foundation
import StyleGAN2
import TensorCore

/// Options of `restyle-bench generator` and of its memory child `restyle-bench generator-memory`.
struct GeneratorBenchmarkOptions {
    var repeats = 5
    var size = 1024
    var seed: UInt64 = 1
    /// A torch checkpoint of the same configuration for the memory run (weights memory-mapped from it).
    var memoryCheckpoint: String?
    var measuresMemory = true
    var layers = false
    var csvFile: String?
    /// Where to write the last synthesized image `[1, 3, S, S]` (`.npy`), for comparing precisions.
    var imageOut: String?
    /// Memory child only: glibc's M_MMAP_THRESHOLD in bytes (fixed, so freed large buffers go back to the system).
    var mmapThreshold: Int?

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--repeat": repeats = try args.positiveInteger(flag)
            case "--size": size = try args.positiveInteger(flag)
            case "--seed": seed = UInt64(try args.positiveInteger(flag))
            case "--checkpoint": memoryCheckpoint = try args.text(flag)
            case "--no-memory": measuresMemory = false
            case "--layers": layers = true
            case "--csv-file": csvFile = try args.text(flag)
            case "--image-out": imageOut = try args.text(flag)
            case "--mmap-threshold": mmapThreshold = try args.positiveInteger(flag)
            default: throw args.unknown(flag)
            }
        }
    }
}

/// One StyleGAN2 synthesis (W+ → image, stored noise, batch 1) at the official FFHQ configuration with seeded
/// random weights: best and median wall time, the FLOP count, the machine's sgemm peak measured in the same run,
/// and (in a child process doing only load + one synthesis) the peak resident memory.
struct GeneratorBenchmark {
    let options: GeneratorBenchmarkOptions

    /// Multiply-adds × 2 of one synthesis from W+ (modulated convs as GEMMs; the upsampling conv counted as the
    /// stride-2 transposed conv on its input, as PyTorch computes it). Modulation, blur, noise and activations
    /// are left out (under 0.1%).
    static func synthesisFlops(_ c: GeneratorConfiguration) -> Double {
        func conv(_ cin: Int, _ cout: Int, _ k: Int, _ res: Int) -> Double { 2 * Double(cin * cout * k * k) * Double(res * res) }
        let c4 = c.channels(at: 4)
        var total = conv(c4, c4, 3, 4) + conv(c4, 3, 1, 4)
        var cin = c4
        for r in c.resolutions.dropFirst() {
            let cout = c.channels(at: r)
            total += conv(cin, cout, 3, r / 2) + conv(cout, cout, 3, r) + conv(cout, 3, 1, r)
            cin = cout
        }
        return total
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// A seeded N(0, 1) W+ input `[1, nLatent, D]`.
    static func wPlus(_ c: GeneratorConfiguration, seed: UInt64) -> Tensor {
        var t = Tensor(zeros: [1, c.nLatent, c.styleDim])
        var s = seed &* 0x9E37_79B9_7F4A_7C15
        t.withUnsafeMutableBufferPointer { p in
            var i = 0
            func uniform() -> Double {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                return (Double(s >> 11) + 0.5) * 0x1.0p-53
            }
            while i < p.count {
                let r = (-2 * log(uniform())).squareRoot(), phi = 2 * Double.pi * uniform()
                p[i] = Float(r * cos(phi))
                if i + 1 < p.count { p[i + 1] = Float(r * sin(phi)) }
                i += 2
            }
        }
        return t
    }

    /// GFLOP/s of a 2048³ sgemm, best of 3 (after one warm-up).
    static func sgemmPeak(size n: Int = 2048) -> Double {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: n * n), b = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        for i in 0..<(n * n) { a[i] = Float(i % 17) / 17 - 0.5; b[i] = Float(i % 13) / 13 - 0.5 }
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<4 {
            let start = clock.now
            GEMM.sgemm(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: c, ldc: n)
            best = min(best, seconds(clock.now - start))
        }
        return 2 * pow(Double(n), 3) / best / 1e9
    }

    func run() throws {
        let c = try GeneratorConfiguration.standard(size: options.size)
        // The memory children run first, while this process is still small (a child's ru_maxrss can inherit
        // the parent's high-water mark through fork/exec; the child reports VmHWM of its own address space too).
        var memoryLines: [String] = [], memoryCSV: [String] = []
        if options.measuresMemory {
            let memory = try measureMemoryInChild(mmapThreshold: Self.benchmarkMmapThreshold)
            let plain = try measureMemoryInChild(mmapThreshold: nil)
            memoryLines.append("  peak RSS (child process: load + one synthesis, \(memory.source)): \(memory.kilobytes / 1024) MB "
                  + "with malloc M_MMAP_THRESHOLD = 1 MiB, \(plain.kilobytes / 1024) MB with glibc's default (dynamic) threshold")
            memoryCSV += ["rss_kb,\(memory.kilobytes)", "rss_default_malloc_kb,\(plain.kilobytes)", "rss_source,\(memory.source)"]
        }
        let flops = Self.synthesisFlops(c)
        var peak = Self.sgemmPeak()
        let clock = ContinuousClock()
        let buildStart = clock.now
        let g = Generator(randomWeightsFor: c, seed: options.seed)
        let buildTime = Self.seconds(clock.now - buildStart)
        let wPlus = Self.wPlus(c, seed: options.seed &+ 1)
        print("restyle-bench generator: \(c)")
        print(String(format: "  %d cores, %@; random weights (seed %llu, in memory) built in %.2f s; input W+ %@",
                     Parallel.workerCount, GEMM.threadingDescription, options.seed, buildTime, "\(wPlus.shape)"))
        var image = try g.synthesize(wPlus: wPlus)                         // warm-up
        var times: [Double] = []
        for _ in 0..<options.repeats {
            let start = clock.now
            image = try g.synthesize(wPlus: wPlus)
            times.append(Self.seconds(clock.now - start))
        }
        guard image.shape == [1, 3, c.size, c.size], image.scalars.allSatisfy(\.isFinite) else {
            throw BenchmarkArgumentError(description: "synthesis produced \(image.shape) with non-finite values")
        }
        peak = max(peak, Self.sgemmPeak())
        let sorted = times.sorted()
        let best = sorted[0], median = sorted[sorted.count / 2]
        print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: " ") + " s")
        print(String(format: "  Swift synthesis: best %.3f s, median %.3f s (%d runs after a warm-up)", best, median, times.count))
        print(String(format: "  FLOPs per image: %.1f GFLOP; sgemm 2048³ peak (max of start/end): %.1f GFLOP/s", flops / 1e9, peak))
        print(String(format: "  achieved %.1f GFLOP/s = %.0f%% of the sgemm-peak bound (best run)", flops / best / 1e9, 100 * flops / best / 1e9 / peak))
        if options.layers { try printLayerTimes(g, wPlus) }
        if let path = options.imageOut { try NumPyArrayFile.write(image, to: URL(fileURLWithPath: path)) }
        var csv = ["swift_best,\(best)", "swift_median,\(median)", "flops,\(flops)", "peak,\(peak)",
                   "threads,\(Parallel.workerCount)", "precision,\(Precision.current.rawValue)"]
        memoryLines.forEach { print($0) }
        csv += memoryCSV
        if let path = options.csvFile {
            try (csv.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Runs `restyle-bench generator-memory` in a fresh process and parses its report.
    /// M_MMAP_THRESHOLD for the memory child: buffers of 1 MiB and more are mmapped and returned on free.
    static let benchmarkMmapThreshold = 1 << 20

    func measureMemoryInChild(mmapThreshold: Int?) throws -> (kilobytes: Int, source: String) {
        var args = ["generator-memory", "--size", "\(options.size)", "--seed", "\(options.seed)"]
        if let file = options.memoryCheckpoint { args += ["--checkpoint", file] }
        return try MemoryChild.measure(arguments: args, mmapThreshold: mmapThreshold)
    }

    /// The child: load (or build) the generator, one synthesis, then print `ru_maxrss`.
    static func runMemoryChild(options: GeneratorBenchmarkOptions) throws {
        if let t = options.mmapThreshold { _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, Int32(t)) }
        let c = try GeneratorConfiguration.standard(size: options.size)
        let g: Generator
        let source: String
        if let file = options.memoryCheckpoint {
            g = try Generator(contentsOf: URL(fileURLWithPath: file))
            guard g.configuration == c else {
                throw BenchmarkArgumentError(description: "\(file) holds \(g.configuration), expected \(c)")
            }
            source = "weights memory-mapped from a torch checkpoint"
        } else {
            g = Generator(randomWeightsFor: c, seed: options.seed)
            source = "random weights in memory"
        }
        let loadedKB = maxResidentKilobytes()
        let image = try g.synthesize(wPlus: wPlus(c, seed: options.seed &+ 1))
        guard image.shape == [1, 3, c.size, c.size] else { throw BenchmarkArgumentError(description: "bad image \(image.shape)") }
        print("rss_kb,\(highWaterKilobytes() ?? maxResidentKilobytes())")   // VmHWM (own address space)
        print("ru_maxrss_kb,\(maxResidentKilobytes())")
        print("rss_after_load_kb,\(loadedKB)")
        print("source,\(source)")
    }

    /// VmHWM from /proc/self/status: the peak RSS of this address space (not inherited across exec).
    static func highWaterKilobytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    static func maxResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }

    /// Per-block times through the public block API (same math as `synthesize`).
    private func printLayerTimes(_ g: Generator, _ wPlus: Tensor) throws {
        let clock = ContinuousClock()
        func row(_ r: Int) -> Tensor {
            var out = Tensor(zeros: [1, g.styleDim])
            out.withUnsafeMutableBufferPointer { o in
                wPlus.withUnsafeBufferPointer { o.baseAddress!.update(from: $0.baseAddress! + r * g.styleDim, count: g.styleDim) }
            }
            return out
        }
        func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let result = try body()
            print("    " + label.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: " %7.1f ms", 1000 * Self.seconds(clock.now - start)))
            return result
        }
        print("  per block (one run):")
        var x = try g.constantBatch(1)
        x = try timed("conv1") { try g.conv1(x, w: row(0), noise: g.noises[0]) }
        var skip = try timed("to_rgb1") { try g.toRGB1(x, w: row(1), skip: nil) }
        for k in 0..<g.configuration.blockCount {
            let r = 8 << k, up = g.convs[2 * k]
            x = try timed("convs.\(2 * k) up \(r) px \(up.inChannels)→\(up.outChannels)") {
                try up(x, w: row(2 * k + 1), noise: g.noises[2 * k + 1]) }
            x = try timed("convs.\(2 * k + 1) \(r) px") { try g.convs[2 * k + 1](x, w: row(2 * k + 2), noise: g.noises[2 * k + 2]) }
            skip = try timed("to_rgbs.\(k) \(r) px") { try g.toRGBs[k](x, w: row(2 * k + 3), skip: skip) }
        }
    }
}

/// glibc `mallopt` (not exported by the Swift Glibc module).
@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
