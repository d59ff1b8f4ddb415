// restyle-bench: throughput benchmarks (run through scripts/bench). Arguments are parsed by hand.
//   restyle-bench kernels [--repeat N] [--tile-bytes B[,B…]] [--tile-columns N] [--shapes C@R,…] [--blas-threads T] [--threading blas|rows|both] [--no-transposed] [--tconv-tile-bytes B] [--csv] [--csv-file PATH]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    print("usage: restyle-bench kernels [--repeat N] [--tile-bytes B[,B…]] [--tile-columns N] [--shapes C@R,…] [--blas-threads T] [--threading blas|rows|both] [--no-transposed] [--tconv-tile-bytes B] [--csv] [--csv-file PATH]")
    exit(2)
}
switch mode {
case "kernels":
    do {
        let options = try KernelBenchmarkOptions(parsing: Array(arguments.dropFirst()))
        KernelBenchmark(options: options).run()
    } catch {
        FileHandle.standardError.write("restyle-bench: \(error)\n".data(using: .utf8)!)
        exit(2)
    }
default:
    FileHandle.standardError.write("restyle-bench: unknown mode '\(mode)' (known: kernels)\n".data(using: .utf8)!)
    exit(2)
}
