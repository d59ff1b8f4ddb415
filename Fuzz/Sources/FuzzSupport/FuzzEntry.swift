import Foundation
import ParserHarness

/// libFuzzer's driver (`libclang_rt.fuzzer`), called from each target's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The body of every fuzz target: the input bytes to one reader (`ParserHarness`). Errors are the expected outcome
/// for most inputs; only crashes, hangs and allocations past the limits are findings.
public enum FuzzEntry {
    nonisolated(unsafe) static var target: ParserHarness.Target = .json

    /// Runs libFuzzer with the process's arguments over `target`; exits with its status.
    public static func main(_ target: ParserHarness.Target) -> Never {
        FuzzEntry.target = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size > 0 && data != nil ? Data(bytes: data!, count: size) : Data()
            ParserHarness.run(FuzzEntry.target, bytes: bytes)
            return 0
        }
        exit(status)
    }
}
