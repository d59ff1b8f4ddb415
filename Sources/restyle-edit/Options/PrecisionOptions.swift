import ArgumentParser
import TensorCore
import Workflows

/// `--precision fp32|bf16`, for the commands that run the networks: the arithmetic of their convolutions and matrix
/// products (`TensorCore.Precision`). fp32 is the default and bit for bit the reference path.
struct PrecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Arithmetic of the convolutions and matrix products: fp32 (default; float32 throughout) or bf16 (bfloat16 inputs with float32 accumulation on oneDNN: faster where the CPU has AVX512-BF16 or AMX).",
        valueName: "fp32|bf16"))
    var precision: Precision = .fp32

    /// Runs `body` in the chosen precision; bf16 on a CPU without native bf16 prints one warning line first.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        if precision == .bf16, let warning = Precision.bf16Warning { printError("warning: \(warning)") }
        return try Precision.with(precision, body)
    }
}

extension Precision: ExpressibleByArgument {}
