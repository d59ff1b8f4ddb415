// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, one small executable per reader (see scripts/fuzz). Built apart from the main package, with
// `-sanitize=fuzzer,address` on every target (the readers included), so CI's normal build stays as it is.
let targets = ["torch-zip", "torch-legacy", "unpickler", "npy", "npz", "safetensors", "png", "jpeg",
               "directions", "study", "landmarks", "json"]

let package = Package(
    name: "restyle-fuzz",
    dependencies: [.package(name: "restyle-edit", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ParserHarness", package: "restyle-edit")]),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"], path: "Sources/fuzz-\(name)")
    }
)
