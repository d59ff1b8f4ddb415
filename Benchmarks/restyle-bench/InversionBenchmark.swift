import Checkpoints
import Foundation
import Inversion
import StyleGAN2
import TensorCore

/// Options of `restyle-bench invert` and of its memory child `restyle-bench invert-memory`.
struct InversionBenchmarkOptions {
    var repeats = 3
    var iterations = 5
    var seed: UInt64 = 1
    /// An official-layout ReStyle checkpoint (`scripts/bench invert` writes one with random weights through PyTorch).
    /// Without it the model is built in memory with random weights (no open time).
    var checkpoint: String?
    /// The input image `[1, 3, 256, 256]` as `.npy` (else a seeded pattern).
    var input: String?
    /// Where to write every step's W+ `[steps, 1, n, D]` (`.npy`), for the comparison with PyTorch.
    var codesOut: String?
    /// Where to write the final image `[1, 3, H, W]` (`.npy`), for comparing precisions.
    var imageOut: String?
    /// Debug: write the encoder output on `concat(x, x)` `[1, n, D]` and the average image `[3, 256, 256]` with these
    /// path prefixes (`<prefix>.encoder.npy`, `<prefix>.average.npy`) and exit.
    var dumpPrefix: String?
    var measuresMemory = true
    var profile = false
    var csvFile: String?
    var mmapThreshold: Int?

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--repeat": repeats = try args.positiveInteger(flag)
            case "--iterations": iterations = try args.positiveInteger(flag)
            case "--seed": seed = UInt64(try args.positiveInteger(flag))
            case "--checkpoint": checkpoint = try args.text(flag)
            case "--input": input = try args.text(flag)
            case "--codes-out": codesOut = try args.text(flag)
            case "--image-out": imageOut = try args.text(flag)
            case "--dump": dumpPrefix = try args.text(flag)
            case "--no-memory": measuresMemory = false
            case "--profile": profile = true
            case "--csv-file": csvFile = try args.text(flag)
            case "--mmap-threshold": mmapThreshold = try args.positiveInteger(flag)
            default: throw args.unknown(flag)
            }
        }
    }
}

/// A full official-size ReStyle-e4e inversion (IR-SE-50 encoder, 18 heads, 1024 px generator) of one 256×256 image:
/// checkpoint open time, best/median of an N-step inversion after a warm-up (the warm-up also computes the cached
/// average image), FLOPs, the sgemm peak of the same run, the fraction of the FLOP bound, and (child process) peak RSS.
struct InversionBenchmark {
    let options: InversionBenchmarkOptions
    static let inputSize = 256

    /// Multiply-adds × 2 of one encoder forward at `size`² (convs and the heads' linears; BN, SE, activations left out).
    static func encoderFlops(_ c: EncoderConfiguration, size: Int) -> Double {
        func conv(_ cin: Int, _ cout: Int, _ k: Int, _ res: Int) -> Double { 2 * Double(cin * cout * k * k) * Double(res * res) }
        var h = c.backbone == .resNet ? size / 2 : size
        var total = conv(c.inputChannels, c.stemChannels, c.backbone == .resNet ? 7 : 3, h)
        for u in c.units {
            let out = (h - 1) / u.stride + 1
            switch c.backbone {
            case .irSE: total += conv(u.inChannels, u.depth, 3, h) + conv(u.depth, u.depth, 3, out)
            case .resNet: total += conv(u.inChannels, u.depth, 3, out) + conv(u.depth, u.depth, 3, out)
            }
            if u.hasConvShortcut { total += conv(u.inChannels, u.depth, 1, out) }
            h = out
        }
        var head = 0.0, r = h, cin = c.headInputChannels
        for _ in 0..<c.headConvCount {
            r = (r - 1) / 2 + 1
            head += conv(cin, c.styleDim, 3, r)
            cin = c.styleDim
        }
        head += 2 * Double(c.styleDim * c.styleDim)
        return total + Double(c.headCount) * head
    }

    /// The input image `[1, 3, 256, 256]`: from `--input`, or a smooth seeded pattern in [-1, 1].
    static func inputImage(_ options: InversionBenchmarkOptions) throws -> Tensor {
        if let file = options.input {
            let url = URL(fileURLWithPath: file)
            guard let stored = try NumPyArrayFile.read(url).asTensor else {
                throw BenchmarkArgumentError(description: "\(file) is not an array")
            }
            let x = try stored.floatTensor(key: file)
            guard x.shape == [1, 3, inputSize, inputSize] else {
                throw BenchmarkArgumentError(description: "\(file) holds \(x.shape), expected [1, 3, \(inputSize), \(inputSize)]")
            }
            return x
        }
        let n = inputSize
        let noise = Tensor.randomNormal(shape: [1, 3, n, n], seed: options.seed &+ 7).scalars
        var values = [Float](repeating: 0, count: 3 * n * n)
        for c in 0..<3 {
            for i in 0..<n {
                for j in 0..<n {
                    let k = (c * n + i) * n + j
                    let v = 0.6 * sin(Float(i) / 23 + Float(c)) * cos(Float(j) / 31) + 0.1 * noise[k]
                    values[k] = max(-1, min(1, v))
                }
            }
        }
        return Tensor(shape: [1, 3, n, n], values: values)
    }

    /// Opens the checkpoint (or builds the random model): the model and the open time in seconds.
    static func openModel(_ options: InversionBenchmarkOptions) throws -> (model: ReStyleModel, seconds: Double, source: String) {
        let clock = ContinuousClock()
        let start = clock.now
        if let file = options.checkpoint {
            let model = try ReStyleModel(contentsOf: URL(fileURLWithPath: file))
            return (model, GeneratorBenchmark.seconds(clock.now - start), "weights memory-mapped from a torch checkpoint")
        }
        let model = try RandomReStyleModel.irSE50(seed: options.seed)
        return (model, GeneratorBenchmark.seconds(clock.now - start), "random weights built in memory")
    }

    func run() throws {
        if let prefix = options.dumpPrefix {
            let model = try Self.openModel(options).model, x = try Self.inputImage(options)
            let e = try model.encoder.encode(try Tensor.concatChannels([x, x]))
            try NumPyArrayFile.write(e, to: URL(fileURLWithPath: prefix + ".encoder.npy"))
            let avg = try ReStyleInverter(model: model).averageImage(height: Self.inputSize, width: Self.inputSize)
            try NumPyArrayFile.write(avg, to: URL(fileURLWithPath: prefix + ".average.npy"))
            return
        }
        var memoryLines: [String] = [], csv: [String] = []
        if options.measuresMemory {
            // Children first, while this process is small (see GeneratorBenchmark.run).
            let memory = try measureMemoryInChild(mmapThreshold: GeneratorBenchmark.benchmarkMmapThreshold)
            let plain = try measureMemoryInChild(mmapThreshold: nil)
            memoryLines.append("  peak RSS (child process: open + one \(options.iterations)-step inversion, \(memory.source)): "
                + "\(memory.kilobytes / 1024) MB with malloc M_MMAP_THRESHOLD = 1 MiB, \(plain.kilobytes / 1024) MB with glibc's default threshold")
            csv += ["rss_kb,\(memory.kilobytes)", "rss_default_malloc_kb,\(plain.kilobytes)", "rss_source,\(memory.source)"]
        }
        var peak = GeneratorBenchmark.sgemmPeak()
        var opened = try Self.openModel(options)
        var openTimes = [opened.seconds]
        if options.checkpoint != nil {
            for _ in 0..<2 { opened = try Self.openModel(options); openTimes.append(opened.seconds) }
        }
        let model = opened.model
        let x = try Self.inputImage(options)
        let ec = model.encoder.configuration
        let encoderFlops = Self.encoderFlops(ec, size: Self.inputSize)
        let decoderFlops = GeneratorBenchmark.synthesisFlops(model.generator.configuration)
        let stepFlops = encoderFlops + decoderFlops, flops = Double(options.iterations) * stepFlops
        print("restyle-bench invert: \(ec)")
        print("  decoder \(model.generator.configuration); \(Parallel.workerCount) cores, \(GEMM.threadingDescription)")
        print("  model: \(opened.source)" + (options.checkpoint.map { " (\($0))" } ?? ""))
        print("  open (StateDict.load + ReStyleModel): " + openTimes.map { String(format: "%.3f", $0) }.joined(separator: " ")
              + String(format: " s (first %.3f s, best %.3f s)", openTimes[0], openTimes.min()!))

        var o = model.defaultOptions
        o.iterations = options.iterations
        let inverter = try ReStyleInverter(model: model, options: o)
        let clock = ContinuousClock()
        let warmStart = clock.now
        var trace = try inverter.invert(x)                                             // warm-up; caches the average image
        let warmUp = GeneratorBenchmark.seconds(clock.now - warmStart)
        var times: [Double] = []
        for _ in 0..<options.repeats {
            let start = clock.now
            trace = try inverter.invert(x)
            times.append(GeneratorBenchmark.seconds(clock.now - start))
        }
        let codes = trace.finalCodes, image = trace.finalImage
        guard codes.scalars.allSatisfy(\.isFinite), image.scalars.allSatisfy(\.isFinite) else {
            throw BenchmarkArgumentError(description: "the inversion produced non-finite codes or images")
        }
        peak = max(peak, GeneratorBenchmark.sgemmPeak())
        let sorted = times.sorted(), best = sorted[0], median = sorted[sorted.count / 2]
        let rms = (codes.scalars.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(codes.count)).squareRoot()
        print(String(format: "  input [1, 3, %d, %d]; final W+ %@ finite (rms %.3f), image %@ finite", Self.inputSize, Self.inputSize,
                     "\(codes.shape)", rms, "\(image.shape)"))
        print(String(format: "  warm-up (incl. the average image G(latent_avg)): %.3f s", warmUp))
        print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: " ") + " s; steps of the last run: "
              + trace.steps.map { String(format: "%.3f", $0.seconds) }.joined(separator: " ") + " s")
        print(String(format: "  Swift %d-step inversion: best %.3f s, median %.3f s (%d runs after a warm-up)",
                     options.iterations, best, median, times.count))
        print(String(format: "  FLOPs per step: encoder %.1f G + decoder %.1f G = %.1f GFLOP; %d steps: %.1f GFLOP",
                     encoderFlops / 1e9, decoderFlops / 1e9, stepFlops / 1e9, options.iterations, flops / 1e9))
        print(String(format: "  sgemm 2048³ peak (max of start/end): %.1f GFLOP/s; achieved %.1f GFLOP/s = %.0f%% of the sgemm-peak bound",
                     peak, flops / best / 1e9, 100 * flops / best / 1e9 / peak))
        if options.profile { try printProfile(model, x, inverter) }
        memoryLines.forEach { print($0) }
        if let path = options.codesOut {   // every step's W+: [steps, 1, n, D]
            let all = trace.steps.flatMap(\.codes.scalars)
            try NumPyArrayFile.write(shape: [trace.steps.count] + codes.shape, values: all, to: URL(fileURLWithPath: path))
        }
        if let path = options.imageOut { try NumPyArrayFile.write(image, to: URL(fileURLWithPath: path)) }
        csv += ["precision,\(Precision.current.rawValue)", "swift_best,\(best)", "swift_median,\(median)", "flops,\(flops)", "encoder_flops,\(encoderFlops)",
                "decoder_flops,\(decoderFlops)", "peak,\(peak)", "threads,\(Parallel.workerCount)",
                "open_first,\(openTimes[0])", "open_best,\(openTimes.min()!)", "iterations,\(options.iterations)"]
        if let path = options.csvFile {
            try (csv.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Where one step's time goes: backbone, heads, generator (best of 3 each).
    private func printProfile(_ model: ReStyleModel, _ x: Tensor, _ inverter: ReStyleInverter) throws {
        let clock = ContinuousClock()
        let avg = try inverter.averageImage(height: Self.inputSize, width: Self.inputSize)
        let input = try Tensor.concatChannels([x, avg.reshaped([1, 3, Self.inputSize, Self.inputSize])])
        let ws = KernelWorkspace()
        func best<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            var result = try body(), t = Double.infinity
            for _ in 0..<3 {
                let s = clock.now
                result = try body()
                t = min(t, GeneratorBenchmark.seconds(clock.now - s))
            }
            return (result, t)
        }
        let backbone = model.encoder.backbone
        let (features, tb) = try best { try backbone.forward(input, workspace: ws) }
        var stageTimes: [Double] = []
        let (stemOut, ts) = try best { try backbone.stem.forward(input, workspace: ws) }
        var h = stemOut
        for unit in backbone.units {
            let (out, t) = try best { try unit.forward(h, workspace: ws) }
            stageTimes.append(t)
            h = out
        }
        let (_, th) = try best { () throws -> Tensor in
            switch model.encoder.network {
            case .progressive(let e): return try e.forward(features: features, workspace: ws)
            case .backbone(let e): return try e.forward(features: features, workspace: ws)
            }
        }
        let w = try model.encoder.encode(input, workspace: ws)
        let (_, tg) = try best { try model.generator.synthesize(wPlus: w) }
        print(String(format: "  one step: backbone %.3f s, 18 heads %.3f s, generator %.3f s (best of 3 each)", tb, th, tg))
        var line = String(format: "  backbone (ms, best of 3): stem %.0f; units", 1000 * ts)
        for (i, t) in stageTimes.enumerated() { line += String(format: " %d:%.0f", i, 1000 * t) }
        print(line)
    }

    func measureMemoryInChild(mmapThreshold: Int?) throws -> (kilobytes: Int, source: String) {
        var args = ["invert-memory", "--iterations", "\(options.iterations)", "--seed", "\(options.seed)"]
        if let file = options.checkpoint { args += ["--checkpoint", file] }
        if let file = options.input { args += ["--input", file] }
        return try MemoryChild.measure(arguments: args, mmapThreshold: mmapThreshold)
    }

    /// The child: open the model, one inversion, then print VmHWM.
    static func runMemoryChild(options: InversionBenchmarkOptions) throws {
        if let t = options.mmapThreshold { _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, Int32(t)) }
        let opened = try openModel(options)
        let loadedKB = GeneratorBenchmark.highWaterKilobytes() ?? GeneratorBenchmark.maxResidentKilobytes()
        var o = opened.model.defaultOptions
        o.iterations = options.iterations
        let trace = try ReStyleInverter(model: opened.model, options: o).invert(try inputImage(options))
        guard trace.finalCodes.scalars.allSatisfy(\.isFinite) else { throw BenchmarkArgumentError(description: "non-finite codes") }
        print("rss_kb,\(GeneratorBenchmark.highWaterKilobytes() ?? GeneratorBenchmark.maxResidentKilobytes())")
        print("rss_after_load_kb,\(loadedKB)")
        print("source,\(opened.source)")
    }
}
