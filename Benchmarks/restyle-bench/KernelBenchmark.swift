import Foundation
import TensorCore

struct KernelBenchmarkOptions {
    var repeats = 3
    var tileBytes = [Conv2DTilePlan.defaultTargetColumnBytes]
    var tileColumns = Conv2DTilePlan.defaultTargetColumns
    var shapes = KernelBenchmark.shapes
    /// Tiles per band of the Winograd conv (the best is reported).
    var winogradTiles = [WinogradConv3x3Kernel.defaultTargetTiles]
    /// Also time the Winograd phases one by one (single-threaded, one band, scaled to the image).
    var winogradParts = false
    var transposed = true
    var transposedTileBytes = Conv2DTilePlan.defaultTargetColumnBytes
    var blasThreads: Int?
    var csv = false
    var csvFile: String?
    var threading: [Conv2DThreading] = [.default]

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--repeat": repeats = try args.positiveInteger(flag)
            case "--tile-bytes": tileBytes = try args.positiveIntegers(flag)
            case "--shapes":
                let parsed = try args.text(flag).split(separator: ",").map { item -> (Int, Int)? in
                    let parts = item.split(separator: "@").compactMap { Int($0) }
                    return parts.count == 2 && parts.allSatisfy({ $0 > 0 }) ? (parts[0], parts[1]) : nil
                }
                guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                    throw BenchmarkArgumentError(description: "--shapes takes CHANNELS@RES items, comma separated (e.g. 512@64,32@1024)")
                }
                shapes = parsed.map { $0! }
            case "--no-transposed": transposed = false
            case "--tconv-tile-bytes": transposedTileBytes = try args.positiveInteger(flag)
            case "--tile-columns": tileColumns = try args.positiveInteger(flag)
            case "--blas-threads": blasThreads = try args.positiveInteger(flag)
            case "--winograd-tiles": winogradTiles = try args.positiveIntegers(flag)
            case "--winograd-parts": winogradParts = true
            case "--csv": csv = true
            case "--csv-file": csvFile = try args.text(flag)
            case "--threading":
                switch try args.text(flag) {
                case "blas": threading = [.blasThreaded]
                case "rows": threading = [.rowSplit]
                case "both": threading = [.blasThreaded, .rowSplit]
                default: throw BenchmarkArgumentError(description: "--threading takes blas, rows or both")
                }
            default: throw args.unknown(flag)
            }
        }
    }
}

/// GFLOP/s of raw sgemm and of conv2d (3×3, pad 1, batch 1) at the StyleGAN2 generator's shapes.
struct KernelBenchmark {
    let options: KernelBenchmarkOptions
    /// (channels, resolution) of the generator's 3×3 convs at channel multiplier 2.
    static let shapes = [(512, 4), (512, 8), (512, 16), (512, 32), (512, 64), (256, 128), (128, 256), (64, 512), (32, 1024)]

    /// Best wall time in seconds of each body over `repeats` rounds after one warm-up. The bodies are
    /// interleaved round by round so that load from other processes hits all of them alike.
    func bestTimes(_ bodies: [() -> Void]) -> [Double] {
        bodies.forEach { $0() }
        var best = [Double](repeating: .infinity, count: bodies.count)
        let clock = ContinuousClock()
        for _ in 0..<options.repeats {
            for (i, body) in bodies.enumerated() {
                // Repeat small workloads so each timing lasts at least ~50 ms.
                var runs = 0
                let start = clock.now
                var elapsed = 0.0
                repeat {
                    body(); runs += 1
                    let d = clock.now - start
                    elapsed = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                } while elapsed < 0.05
                best[i] = min(best[i], elapsed / Double(runs))
            }
        }
        return best
    }

    func filled(_ count: Int, seed: UInt64) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
        var s = seed
        for i in 0..<count {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            p[i] = Float(Int64(bitPattern: s >> 11) % 2000) / 1000 - 1
        }
        return p
    }

    /// Inputs for one sgemm of size m×n×k (freed by the caller).
    func sgemmBody(m: Int, n: Int, k: Int) -> (body: () -> Void, free: () -> Void) {
        let a = filled(m * k, seed: 1), b = filled(k * n, seed: 2), c = filled(m * n, seed: 3)
        return ({ GEMM.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n) },
                { a.deallocate(); b.deallocate(); c.deallocate() })
    }

    /// GFLOP/s of a square sgemm (the machine's FLOP-bound figure).
    func peakRate(size: Int) -> Double {
        let gemm = sgemmBody(m: size, n: size, k: size)
        defer { gemm.free() }
        return 2 * pow(Double(size), 3) / bestTimes([gemm.body])[0] / 1e9
    }

    func run() {
        if let t = options.blasThreads { GEMM.blasThreadCount = t }
        let peakSize = 2048
        var peak = peakRate(size: peakSize)
        var csvLines = ["peak,\(peak)"]
        if options.csv {
            print(csvLines[0])
        } else {
            print("restyle-bench kernels: \(Parallel.workerCount) cores, \(GEMM.threadingDescription), " +
                  "conv tile targets \(options.tileBytes.map { "\($0 >> 10) KiB" }.joined(separator: ", ")), \(options.tileColumns) columns, best of \(options.repeats)")
            print(String(format: "FLOP-bound reference: sgemm %d³ = %.1f GFLOP/s (measured again at the end; the larger is used)", peakSize, peak))
            print("")
            print("shape (3x3, pad 1, N=1)   M×N×K                 sgemm GF/s  conv2d GF/s  conv/sgemm  conv ms"
                  + "  winograd GF/s*  wino ms  wino/conv")
        }
        var ratios: [(Int, Double)] = []
        var convRates: [Double] = []
        let workspace = KernelWorkspace()
        for (c, r) in options.shapes {
            let g = try! Conv2DGeometry(inChannels: c, height: r, width: r, outChannels: c,
                                        kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
            let m = c, n = r * r, k = 9 * c
            let gemm = sgemmBody(m: m, n: n, k: k)
            let x = filled(c * r * r, seed: 4), w = filled(c * k, seed: 5), bias = filled(c, seed: 6)
            let out = UnsafeMutablePointer<Float>.allocate(capacity: c * r * r)
            let variants = options.threading.flatMap { t in options.tileBytes.map { (t, $0) } }
            let times = bestTimes([gemm.body] + variants.map { threading, tile in {
                Conv2DKernel.forwardSample(input: x, weight: w, bias: bias, output: out, geometry: g,
                                           workspace: workspace, targetColumnBytes: tile,
                                           targetColumns: options.tileColumns, threading: threading)
            } })
            let winoTimes = bestTimes(options.winogradTiles.map { tiles in {
                WinogradConv3x3Kernel.forwardSample(input: x, weight: w, bias: bias, output: out, inChannels: c, outChannels: c,
                                                    height: r, width: r, workspace: workspace, targetTiles: tiles)
            } })
            let winoTime = winoTimes.min()!
            if options.winogradParts && !options.csv { printWinogradParts(c: c, r: r, x: x, w: w) }
            if winoTimes.count > 1 && !options.csv {
                print("  Winograd tiles per band: " + zip(options.winogradTiles, winoTimes).map { n, t in
                    String(format: "%d %.1f", n, g.flops / t / 1e9)
                }.joined(separator: ", ") + " GF/s*")
            }
            gemm.free(); x.deallocate(); w.deallocate(); bias.deallocate(); out.deallocate()
            let gemmRate = g.flops / times[0] / 1e9
            let bestConv = times.dropFirst().enumerated().min { $0.element < $1.element }!
            let convTime = bestConv.element
            let convRate = g.flops / convTime / 1e9
            if variants.count > 1 && !options.csv {
                print("  variants: " + zip(variants, times.dropFirst()).map { v, t in
                    String(format: "%@/%dK %.1f", "\(v.0)", v.1 >> 10, g.flops / t / 1e9)
                }.joined(separator: ", ") + " GF/s")
            }
            ratios.append((c, convRate / gemmRate))
            convRates.append(convRate)
            csvLines.append("conv,\(c),\(r),\(gemmRate),\(convRate),\(convTime),\(winoTime)")
            if options.csv {
                print(csvLines.last!)
            } else {
                let shape = "\(c)ch @ \(r)x\(r)".padding(toLength: 25, withPad: " ", startingAt: 0)
                let mnk = "\(m)×\(n)×\(k)".padding(toLength: 21, withPad: " ", startingAt: 0)
                print(shape + " " + mnk + String(format: " %10.1f  %11.1f  %9.0f%%  %7.2f  %14.1f  %7.2f  %8.2f×",
                                                 gemmRate, convRate, 100 * convRate / gemmRate, convTime * 1e3,
                                                 g.flops / winoTime / 1e9, winoTime * 1e3, convTime / winoTime))
            }
        }
        if options.transposed { runTransposed(workspace: workspace, csvLines: &csvLines) }
        let peakAgain = peakRate(size: peakSize)
        if peakAgain > peak {
            peak = peakAgain
            csvLines[0] = "peak,\(peak)"
        }
        if !options.csv {
            print("")
            print(String(format: "FLOP-bound sgemm %d³ (max of start/end): %.1f GFLOP/s; conv2d/peak per shape: ", peakSize, peak) +
                  zip(options.shapes, convRates).map { String(format: "%d@%d %.0f%%", $0.0.0, $0.0.1, 100 * $0.1 / peak) }
                  .joined(separator: ", "))
        }
        if let path = options.csvFile {
            try? (csvLines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        if !options.csv {
            let big = ratios.filter { $0.0 >= 64 }.map(\.1)
            print("")
            print(String(format: "conv/sgemm for ≥ 64 channels: min %.0f%%, mean %.0f%% (target ≥ 75%%)",
                         100 * (big.min() ?? 0), 100 * big.reduce(0, +) / Double(max(big.count, 1))))
        }
    }

    /// Single-threaded time of each Winograd phase for one band of `defaultTargetTiles` tiles, scaled to the whole
    /// image (ms per image per core): where the time of `WinogradConv3x3Kernel` goes.
    func printWinogradParts(c: Int, r: Int, x: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>) {
        let tw = (r + 1) / 2, rows = max(1, min(tw, WinogradConv3x3Kernel.defaultTargetTiles / tw)), n = rows * tw
        let bands = Double(tw) / Double(rows)
        let u = filled(16 * c * c, seed: 7), v = filled(16 * c * n, seed: 8), m = filled(16 * c * n, seed: 9)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: c * r * r), zero = filled(r, seed: 10)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: WinogradF2x3Transforms.scratchCount(width: r) + 4 * tw)
        zero.update(repeating: 0, count: r)
        let saved = GEMM.blasThreadCount
        GEMM.blasThreadCount = 1
        let input = UnsafePointer(x), zeroRow = UnsafePointer(zero)
        let times = bestTimes([
            { WinogradF2x3Transforms.transformWeight(w, outChannels: c, inChannels: c, into: u) },
            { WinogradF2x3Transforms.transformInput(row: { ch, y in y >= 0 && y < r ? input + (ch * r + y) * r : nil }, width: r,
                                                    channels: 0..<c, channelCount: c, tileRows: 0..<rows, into: v,
                                                    zeroRow: zeroRow, scratch: scratch) },
            { for xi in 0..<16 { GEMM.sgemm(m: c, n: n, k: c, a: u + xi * c * c, lda: c, b: v + xi * c * n, ldb: n, c: m + xi * c * n, ldc: n) } },
            { WinogradF2x3Transforms.transformOutput(m, outChannelCount: c, channels: 0..<c, bandTileRows: rows, rows: 2 * rows,
                                                     width: r, bias: nil, into: out, planeStride: r * r, scratch: scratch) },
        ])
        GEMM.blasThreadCount = saved
        print(String(format: "  Winograd phases, 1 core, ms per image: weights %.2f (may be parallel), input %.2f, 16 GEMMs %.2f, output %.2f",
                     1e3 * times[0], 1e3 * times[1] * bands, 1e3 * times[2] * bands, 1e3 * times[3] * bands))
        [u, v, m, out, zero, scratch].forEach { $0.deallocate() }
    }

    /// (in channels, out channels, input resolution) of the generator's upsampling convs.
    static let transposedShapes = [(512, 512, 4), (512, 512, 8), (512, 512, 16), (512, 512, 32), (512, 256, 64),
                                   (256, 128, 128), (128, 64, 256), (64, 32, 512)]

    /// Stride-2 3×3 transposed conv (GEMM + col2im) and the K4 blur that follows it in the generator.
    func runTransposed(workspace: KernelWorkspace, csvLines: inout [String]) {
        if !options.csv {
            print("")
            print("upsampling conv: convTranspose2d stride 2, k 3 (GEMM + col2im), then K4 blur pad (1,1)")
            print("shape (C→O @ in res)      M×N×K                 sgemm GF/s  tconv GF/s  tconv/sgemm  tconv ms  tap-major ms  blur ms")
        }
        for (c, o, r) in Self.transposedShapes {
            let g = try! ConvTranspose2DGeometry(inChannels: c, height: r, width: r, outChannels: o, kernelSize: 3)
            let m = o * 9, n = r * r, k = c
            let gemm = sgemmBody(m: m, n: n, k: k)
            let x = filled(c * r * r, seed: 7), w = filled(o * c * 9, seed: 8)
            let outCount = o * g.outHeight * g.outWidth
            let t = filled(outCount, seed: 9)
            let blurred = UnsafeMutablePointer<Float>.allocate(capacity: o * (g.outHeight - 1) * (g.outWidth - 1))
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: g.outHeight * (g.outWidth - 1))
            let times = bestTimes([gemm.body, {
                ConvTranspose2DKernel.forwardSample(input: x, weight: w, output: t, geometry: g, workspace: workspace,
                                                    targetColumnBytes: options.transposedTileBytes)
            }, {
                ConvTranspose2DKernel.forwardSample(input: x, weight: w, output: t, geometry: g, weightLayout: .tapMajor,
                                                    workspace: workspace, targetColumnBytes: options.transposedTileBytes)
            }, {
                for p in 0..<o {
                    K4FastPaths.blurPad1Plane(t + p * g.outHeight * g.outWidth, height: g.outHeight, width: g.outWidth,
                                              into: blurred + p * (g.outHeight - 1) * (g.outWidth - 1), scratch: scratch)
                }
            }])
            gemm.free(); x.deallocate(); w.deallocate(); t.deallocate(); blurred.deallocate(); scratch.deallocate()
            let gemmRate = g.flops / times[0] / 1e9, tconvRate = g.flops / times[1] / 1e9
            csvLines.append("tconv,\(c),\(o),\(r),\(gemmRate),\(tconvRate),\(times[1]),\(times[2]),\(times[3])")
            if options.csv {
                print(csvLines.last!)
            } else {
                let shape = "\(c)→\(o) @ \(r)x\(r)".padding(toLength: 25, withPad: " ", startingAt: 0)
                let mnk = "\(m)×\(n)×\(k)".padding(toLength: 21, withPad: " ", startingAt: 0)
                print(shape + " " + mnk + String(format: " %10.1f  %10.1f  %10.0f%%  %8.2f  %12.2f  %7.2f",
                                                 gemmRate, tconvRate, 100 * tconvRate / gemmRate, times[1] * 1e3,
                                                 times[2] * 1e3, times[3] * 1e3))
            }
        }
    }
}
