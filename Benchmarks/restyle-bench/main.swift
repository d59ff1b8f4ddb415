// restyle-bench: throughput benchmarks (run through scripts/bench). Arguments: BenchmarkArguments.
//   restyle-bench kernels [--repeat N] [--tile-bytes B[,B…]] [--tile-columns N] [--shapes C@R,…] [--blas-threads T] [--threading blas|rows|both] [--winograd-tiles N[,N…]] [--winograd-parts] [--no-transposed] [--tconv-tile-bytes B] [--csv] [--csv-file PATH]
//   restyle-bench generator [--repeat N] [--size S] [--seed N] [--checkpoint FILE] [--no-memory] [--layers] [--csv-file PATH]
//   restyle-bench generator-memory [--size S] [--seed N] [--checkpoint FILE]   (the child that measures peak RSS)
//   restyle-bench invert [--repeat N] [--iterations N] [--seed N] [--checkpoint FILE] [--input X.npy] [--codes-out W.npy] [--no-memory] [--profile] [--csv-file PATH]
//   restyle-bench invert-memory [--iterations N] [--checkpoint FILE] [--input X.npy]   (the child that measures peak RSS)
import Foundation
import TensorCore

let usage = """
    usage: restyle-bench MODE [--precision fp32|bf16] ...   (bf16: the timed networks' products on oneDNN, TensorCore.Precision)
           restyle-bench kernels [--repeat N] [--tile-bytes B[,B…]] [--tile-columns N] [--shapes C@R,…] [--blas-threads T] [--threading blas|rows|both] [--winograd-tiles N[,N…]] [--winograd-parts] [--no-transposed] [--tconv-tile-bytes B] [--csv] [--csv-file PATH]
           restyle-bench generator [--repeat N] [--size S] [--seed N] [--checkpoint FILE] [--no-memory] [--layers] [--csv-file PATH]
           restyle-bench edit [--repeat N] [--size S]
           restyle-bench authoring [--samples N] [--dim D] [--ratio R] [--repeat N]
           restyle-bench align IMAGE [--repeat N] [--model FILE]
           restyle-bench invert [--repeat N] [--iterations N] [--seed N] [--checkpoint FILE] [--input X.npy] [--codes-out W.npy] [--no-memory] [--profile] [--csv-file PATH]
    """
let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    print(usage)
    exit(2)
}
do {
    var rest = Array(arguments.dropFirst())
    var precision = Precision.fp32
    if let i = rest.firstIndex(of: "--precision") {
        guard i + 1 < rest.count, let p = Precision(rawValue: rest[i + 1]) else {
            throw BenchmarkPrecisionError(text: i + 1 < rest.count ? rest[i + 1] : "")
        }
        precision = p
        rest.removeSubrange(i...(i + 1))
    }
    if precision == .bf16 { print("precision: bf16 (oneDNN matmul, native bf16: \(BF16Matmul.isNative))") }
    try Precision.with(precision) {
        switch mode {
        case "kernels": KernelBenchmark(options: try KernelBenchmarkOptions(parsing: rest)).run()
        case "generator": try GeneratorBenchmark(options: try GeneratorBenchmarkOptions(parsing: rest)).run()
        case "generator-memory": try GeneratorBenchmark.runMemoryChild(options: try GeneratorBenchmarkOptions(parsing: rest))
        case "edit": try EditBenchmark(parsing: rest).run()
        case "authoring": try AuthoringBenchmark(parsing: rest).run()
        case "invert": try InversionBenchmark(options: try InversionBenchmarkOptions(parsing: rest)).run()
        case "align": try AlignBenchmark(parsing: rest).run()
        case "invert-memory": try InversionBenchmark.runMemoryChild(options: try InversionBenchmarkOptions(parsing: rest))
        default:
            FileHandle.standardError.write("restyle-bench: unknown mode '\(mode)' (known: kernels, generator, invert, edit, authoring, align)\n".data(using: .utf8)!)
            exit(2)
        }
    }
} catch {
    FileHandle.standardError.write("restyle-bench \(mode): \(error)\n".data(using: .utf8)!)
    exit(2)
}

struct BenchmarkPrecisionError: Error, CustomStringConvertible {
    let text: String
    var description: String { "--precision \"\(text)\": use one of " + Precision.allCases.map(\.rawValue).joined(separator: ", ") }
}
