// A custom editability study through the Studies library API (no study file):
// two ReStyle inverters × step counts × one direction, on a folder of images.
//
//     swift run study-example [IMAGE_DIR] [OUTPUT_DIR]
//
// Defaults run on the repository's fixture models and example faces; a random [1, D] direction is written
// to a temporary directory so the example needs nothing else.
import Foundation
import Studies
import TensorCore
import Checkpoints

let arguments = CommandLine.arguments
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let images = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "examples/faces", relativeTo: root)
let output = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : "study-example-output", relativeTo: root)
let fixtures = root.appendingPathComponent("Tests/Fixtures/inversion")

// A direction for the fixture models' 12-wide W: a seeded random unit vector [1, 12].
let directions = FileManager.default.temporaryDirectory.appendingPathComponent("study-example-directions")
try FileManager.default.createDirectory(at: directions, withIntermediateDirectories: true)
let v = Tensor.randomNormal(shape: [1, 12], seed: 7)
let norm = v.scalars.map { $0 * $0 }.reduce(0, +).squareRoot()
try NumPyArrayFile.write(v.scaled(by: 1 / norm), to: directions.appendingPathComponent("random.npy"))

let spec = StudySpec(
    name: "library example",
    images: .directory(images),
    inverters: [
        // The fixture IR-SE encoders need their stage starts (their keys do not show every stride).
        .init(name: "ReStyle-e4e", checkpoint: fixtures.appendingPathComponent("e4e.pt"), steps: [1, 2, 3], stageStarts: [0, 1, 2, 4]),
        .init(name: "ReStyle-pSp", checkpoint: fixtures.appendingPathComponent("psp.pt"), steps: [1, 2, 3], stageStarts: [0, 1, 2, 4]),
    ],
    directions: [.init(name: "random", strengths: [-2, -1, 1, 2])],
    directionDirectories: [directions],
    metrics: StudyMetric.standard,
    seed: 0, wSamples: 500, gridImages: 2,
    output: output)

let runner = StudyRunner(spec: spec)
runner.progress = { p in print("[\(p.done)/\(p.total)] \(p.cell)\(p.ok ? "" : " (bad image)")") }
let result: StudyRunSummary
do { result = try runner.run(limit: 4) } catch { print("error: \(error)"); exit(1) }
print("computed \(result.computed) cells, resumed \(result.resumed); bad images: \(result.badImages.count)")
for note in result.notes { print("note: \(note)") }

// The summary is plain data: print reconstruction PSNR and LEC per inverter and step count.
let rows = try ResultsCSV.parse(String(contentsOf: output.appendingPathComponent("results.csv"), encoding: .utf8),
                                source: "results.csv")
for group in StudySummary(rows: rows).groups where group.metric == "psnr" || (group.metric == "lec" && group.strength == 2) {
    print("\(group.inverter) \(group.metric) steps \(group.steps): "
          + String(format: "%.4f [%.4f, %.4f]", group.mean, group.ciLow, group.ciHigh))
}
print("report: \(output.appendingPathComponent("report.html").path)")
