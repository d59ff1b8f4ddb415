// swift-tools-version:6.0
import PackageDescription

// Layout: see README "Architecture". System libraries are wrapped by exactly one Swift target each:
//   CBLAS → TensorCore, CPNG + CJPEG → ImageCodecs, CJSON → JSONCodec, CLinear → Directions, CZip (zlib) → Checkpoints,
//   CDlib (a C++ target: dlib behind a C header) → FaceDetection.
let package = Package(
    name: "restyle-edit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "restyle-edit", targets: ["restyle-edit"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "Checkpoints", targets: ["Checkpoints"]),
        .library(name: "ImageCodecs", targets: ["ImageCodecs"]),
        .library(name: "StyleGAN2", targets: ["StyleGAN2"]),
        .library(name: "Inversion", targets: ["Inversion"]),
        .library(name: "FaceDetection", targets: ["FaceDetection"]),
        .library(name: "Directions", targets: ["Directions"]),
        .library(name: "Editing", targets: ["Editing"]),
        .library(name: "Studies", targets: ["Studies"]),
        .library(name: "ParserHarness", targets: ["ParserHarness"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "EditorServer", targets: ["EditorServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The editor server (restyle-edit serve).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C system libraries (module.modulemap + shim.h each).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG"),
        .systemLibrary(name: "CJSON", path: "Sources/CJSON"),
        .systemLibrary(name: "CLinear", path: "Sources/CLinear"),
        .systemLibrary(name: "CZip", path: "Sources/CZip"),
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL"),
        // dlib (Debian libdlib-dev) behind a C interface; every C++ exception is caught in the .cpp. Its templates
        // (HOG pyramid, regression trees) are compiled here, so they are optimized in debug builds too.
        .target(name: "CDlib", path: "Sources/CDlib",
                cxxSettings: [.unsafeFlags(["-O3", "-mavx2"])],
                linkerSettings: [.linkedLibrary("dlib")]),

        // Libraries.
        .target(name: "TensorCore", dependencies: ["CBLAS", "CDNNL"]),
        .target(name: "FileSupport"),
        .target(name: "JSONCodec", dependencies: ["CJSON", "FileSupport"]),
        .target(name: "ImageCodecs", dependencies: ["CPNG", "CJPEG", "TensorCore", "FileSupport"]),
        .target(name: "Checkpoints", dependencies: ["TensorCore", "FileSupport", "CZip"]),
        .target(name: "StyleGAN2", dependencies: ["TensorCore", "Checkpoints"]),
        // Optimized in debug builds too: the per-pixel face-crop loops (Preprocessing/) would take minutes at -Onone.
        .target(name: "Inversion", dependencies: ["TensorCore", "Checkpoints", "StyleGAN2", "ImageCodecs", "JSONCodec"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "FaceDetection", dependencies: ["CDlib", "ImageCodecs", "Inversion"]),
        .target(name: "Directions", dependencies: ["TensorCore", "Checkpoints", "JSONCodec", "FileSupport", "CLinear"]),
        .target(name: "Editing", dependencies: ["TensorCore", "Directions", "StyleGAN2"]),
        .target(name: "Studies", dependencies: ["TensorCore", "Checkpoints", "ImageCodecs", "JSONCodec", "FileSupport", "StyleGAN2", "Inversion", "Directions", "Editing"]),
        // What both front ends (the CLI, the editor server) run: photo -> aligned face -> ReStyle trace, edits ->
        // images, output folders and indexes, the shipped model and direction search.
        .target(name: "Workflows", dependencies: ["TensorCore", "Checkpoints", "ImageCodecs", "FileSupport", "StyleGAN2", "Inversion", "FaceDetection", "Directions", "Editing"]),

        // The interactive editor (restyle-edit serve): Hummingbird routes over Workflows, and its page (Page/editor.html).
        .target(name: "EditorServer", dependencies: [
            "Workflows", "TensorCore", "Checkpoints", "ImageCodecs", "JSONCodec", "StyleGAN2", "Inversion", "Directions", "Editing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Page")]),

        // Every reader fed raw bytes through its normal API: the fuzz targets (Fuzz/, scripts/fuzz) and their replay test.
        .target(name: "ParserHarness", dependencies: ["Checkpoints", "Directions", "FileSupport", "ImageCodecs", "Inversion", "JSONCodec", "Studies"]),

        // The CLI: argument parsing, progress and output naming only.
        .executableTarget(name: "restyle-edit", dependencies: [
            "TensorCore", "Checkpoints", "ImageCodecs", "JSONCodec", "FileSupport", "StyleGAN2", "Inversion", "FaceDetection", "Directions", "Editing", "Studies", "Workflows", "EditorServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (scripts/bench): throughput of kernels and networks, compared with PyTorch CPU.
        .executableTarget(name: "restyle-bench", dependencies: ["TensorCore", "Checkpoints", "ImageCodecs", "StyleGAN2", "Inversion", "FaceDetection", "Directions", "Editing"],
                          path: "Benchmarks/restyle-bench"),

        // A Swift example using the libraries (examples/LibraryExample).
        .executableTarget(name: "library-example", dependencies: ["Inversion", "Directions", "Editing", "ImageCodecs"],
                          path: "examples/LibraryExample"),
        .executableTarget(name: "study-example", dependencies: ["Studies", "TensorCore", "Checkpoints"], path: "examples/StudyExample"),

        // Tests.
        .target(name: "TestSupport", dependencies: ["TensorCore"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(name: "ImageCodecsTests", dependencies: ["ImageCodecs", "TestSupport"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints", "TestSupport"]),
        .testTarget(name: "StyleGAN2Tests", dependencies: ["StyleGAN2", "Checkpoints", "TestSupport"]),
        .testTarget(name: "InversionTests", dependencies: ["Inversion", "Checkpoints", "StyleGAN2", "ImageCodecs", "TestSupport"]),
        .testTarget(name: "FaceDetectionTests", dependencies: ["FaceDetection", "Inversion", "ImageCodecs", "JSONCodec", "TestSupport"]),
        .testTarget(name: "EditingTests", dependencies: ["Editing", "Directions", "StyleGAN2", "Checkpoints", "TestSupport"]),
        .testTarget(name: "JSONCodecTests", dependencies: ["JSONCodec"]),
        .testTarget(name: "DirectionsTests", dependencies: ["Directions", "TestSupport"]),
        .testTarget(name: "StudiesTests", dependencies: ["Studies", "StyleGAN2", "Inversion", "TestSupport", "Checkpoints", "ImageCodecs"]),
        .testTarget(name: "CLITests", dependencies: ["restyle-edit", "TestSupport", "Checkpoints", "ImageCodecs"]),
        .testTarget(name: "ParserHarnessTests", dependencies: ["ParserHarness", "TestSupport"]),
        .testTarget(name: "EditorServerTests", dependencies: [
            "EditorServer", "Workflows", "TestSupport", "ImageCodecs", "Checkpoints", "JSONCodec", "Directions", "TensorCore", "restyle-edit",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    cxxLanguageStandard: .cxx17
)
