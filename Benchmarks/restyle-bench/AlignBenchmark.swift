import FaceDetection
import Foundation
import ImageCodecs
import Inversion

/// `restyle-bench align IMAGE [--repeat N]`: detect (dlib HOG, one upsampling) + 68 landmarks + the official 256 px
/// FFHQ crop of one photo, in-process (model loaded once, decoding excluded). Prints best and median seconds per
/// stage and in total (target: ≤ 0.25 s for a 1024×1024 photo).
struct AlignBenchmark {
    var repeats = 5
    var image: String?
    var model: String?
    var threads = ProcessInfo.processInfo.activeProcessorCount

    init(parsing arguments: [String]) throws {
        var args = BenchmarkArguments(arguments)
        while let flag = args.next() {
            switch flag {
            case "--repeat": repeats = try args.positiveInteger(flag)
            case "--model": model = try args.text(flag)
            case "--threads": threads = try args.positiveInteger(flag)
            default:
                if flag.hasPrefix("--") { throw args.unknown(flag) }
                image = flag
            }
        }
    }

    func run() throws {
        guard let image else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "restyle-bench align needs an IMAGE"]) }
        let photo = try ImageFile.decode(contentsOf: URL(fileURLWithPath: image))
        let loadStart = Date()
        let finder = try FaceFinder(model: LandmarkModel(contentsOf: LandmarkModel.path(explicit: model)), threads: threads)
        let loadTime = Date().timeIntervalSince(loadStart)
        var detect: [Double] = [], landmarks: [Double] = [], crop: [Double] = [], total: [Double] = []
        for _ in 0...repeats {                                                   // the first run is a warm-up
            let t0 = Date()
            let boxes = try finder.detector.detect(in: photo, file: image)
            let t1 = Date()
            guard let box = boxes.first else { throw FaceDetectionError.noFace(file: image) }
            let lm = try finder.model.landmarks(in: photo, box: box, file: image)
            let t2 = Date()
            _ = FFHQAlignment(landmarks: lm).aligned(photo, size: 256)
            let t3 = Date()
            detect.append(t1.timeIntervalSince(t0)); landmarks.append(t2.timeIntervalSince(t1))
            crop.append(t3.timeIntervalSince(t2)); total.append(t3.timeIntervalSince(t0))
        }
        func stats(_ v: [Double]) -> String {
            let s = v.dropFirst().sorted()
            return String(format: "best %.3f s, median %.3f s", s.first!, s[s.count / 2])
        }
        print("Swift align \(photo.width)x\(photo.height), detection on \(threads) thread(s) (\(repeats) runs after a warm-up; model load \(String(format: "%.2f", loadTime)) s)")
        print("  detect     \(stats(detect))")
        print("  landmarks  \(stats(landmarks))")
        print("  crop       \(stats(crop))")
        print("  total      \(stats(total))")
        print("SWIFT_TOTAL_BEST \(total.dropFirst().min()!)")
    }
}
