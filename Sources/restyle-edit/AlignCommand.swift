import ArgumentParser
import FaceDetection
import FileSupport
import Foundation
import Workflows
import ImageCodecs
import Inversion
import TensorCore

/// `restyle-edit align`: the official `scripts/align_faces_parallel.py` (dlib detection with one upsampling, 68
/// landmarks, the FFHQ crop step for step).
struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Detect faces (dlib) and write FFHQ-aligned crops, as the official align_faces_parallel.py.",
        discussion: """
        Per image writes <stem>.png (the aligned crop) and <stem>.json (image, detector box and score, the 68 \
        landmarks, the crop quad; usable as a --landmarks file). The largest face is kept (the official script keeps \
        the last detection); --all-faces writes every face as <stem>.faceK.png/.json (K = 1, 2, ... in the \
        detector's order). Images without a face are reported and skipped (exit code 1); the others are done. \
        Directories are processed on every core with a progress bar.
        """)

    @Argument(help: "Images or directories of images.", completion: .file())
    var inputs: [String]

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory.", valueName: "dir"))
    var output: String

    @Option(help: "Side of the aligned crop: 256 (ReStyle/e4e/pSp) or 1024 (FFHQ).")
    var size: Int = 256

    @Flag(help: "Write every face found as <stem>.faceK.png instead of only the largest.")
    var allFaces = false

    @OptionGroup var landmarkModel: LandmarkModelOptions

    @Flag(help: "Replace results of an earlier run in --output.")
    var overwrite = false

    func validate() throws {
        guard size == 256 || size == 1024 else { throw ValidationError("--size must be 256 or 1024 (got \(size))") }
    }

    func run() throws {
        let outputDir = try OutputDirectory.prepare(output)
        let files = try InputImages.expand(inputs)
        guard !files.isEmpty else { throw CLIError("no input images in \(inputs.joined(separator: ", "))") }
        let stems = InputImages.stems(for: files)
        if !allFaces {
            try OutputDirectory.refuseExisting(stems.flatMap { [$0 + ".png", $0 + ".json"] }, in: outputDir, overwrite: overwrite)
        }
        let model = try LandmarkModel(contentsOf: landmarkModel.path)
        try FileManager.default.createDirectory(at: outputDir, withIntermediateDirectories: true)
        let progress = ProgressReporter(total: files.count, label: "images")
        let size = self.size, allFaces = self.allFaces, overwrite = self.overwrite
        // Several images: one per core; one image: its detection uses every core.
        let workers = min(Parallel.workerCount, files.count), threadsPerImage = max(Parallel.workerCount / workers, 1)
        let faceCounter = Counter()
        let failures = try ParallelBatch.process(files, stems: stems, progress: progress, workers: workers,
                                                 makeWorker: { try FaceFinder(model: model, threads: threadsPerImage) }) { finder, file, stem in
            let image = try ImageFile.decode(contentsOf: file)
            let faces = try finder.faces(in: image, file: file.path)
            let chosen = allFaces ? Array(faces.enumerated()) : [(0, FaceFinder.largest(of: faces))]
            for (k, face) in chosen {
                let name = allFaces ? "\(stem).face\(k + 1)" : stem
                if allFaces && !overwrite {
                    try OutputDirectory.refuseExisting([name + ".png", name + ".json"], in: outputDir, overwrite: false)
                }
                let alignment = FFHQAlignment(landmarks: face.landmarks)
                try alignment.aligned(image, size: size).write(to: outputDir.appendingPathComponent(name + ".png"))
                let json = FaceAlignmentRecord.json(image: file.lastPathComponent, face: face, alignment: alignment, size: size)
                try AtomicFile.write(Data((json.serialized() + "\n").utf8), to: outputDir.appendingPathComponent(name + ".json"))
            }
            faceCounter.add(chosen.count)
        }
        let done = files.count - failures.count
        printError("aligned \(faceCounter.value) face\(faceCounter.value == 1 ? "" : "s") from \(done) of \(files.count) images into \(outputDir.path) in \(progress.elapsedText)"
                   + (failures.isEmpty ? "" : "; \(failures.count) skipped:\n  " + failures.joined(separator: "\n  ")))
        if !failures.isEmpty { throw ExitCode(1) }
    }
}

/// A thread-safe running total.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return total }
}
