import Foundation
import JSONCodec
import TensorCore

extension StudySpec {
    /// Keys of a study file.
    public static let topLevelKeys = ["name", "images", "inverters", "directions", "directions_dirs", "metrics", "seed",
                                      "w_samples", "grid_images", "attribute_samples", "labels", "output"]

    /// Reads a study file. Relative paths are resolved against the file's directory. Unknown keys and bad values are
    /// errors naming the file and key path. Does not check that files exist (see `checkInputs()`).
    /// `shippedEncoder` resolves an inverter given by `"encoder": NAME` (or by neither `checkpoint` nor `encoder`:
    /// "e4e") to a checkpoint, as the CLI does with the shipped model's encoders; without it such an inverter is
    /// an error naming the key.
    public init(contentsOf url: URL, shippedEncoder: ((String) throws -> URL)? = nil) throws {
        let file = url.path
        let root = try JSONObjectReader(try JSONValue.parseDocument(contentsOf: url).uniqueKeyValue(), source: file)
        try root.rejectUnknownKeys(allowed: Self.topLevelKeys)
        let base = url.deletingLastPathComponent()
        func path(_ text: String) -> URL {
            text.hasPrefix("/") ? URL(fileURLWithPath: text) : base.appendingPathComponent(text).standardizedFileURL
        }
        func invalid(_ keyPath: String, _ reason: String) -> StudyError { .invalidStudy(file: file, keyPath: keyPath, reason: reason) }

        // images
        let imageValue = try root.require("images", as: JSONValue.self)
        let images: ImageSource
        switch imageValue {
        case .string(let text) where text.hasPrefix("rendered:"):
            guard let n = Int(text.dropFirst("rendered:".count)), n >= 1 else {
                throw invalid("images", "\"\(text)\": expected rendered:N with N ≥ 1")
            }
            try StudyLimits.check(n, StudyLimits.maximumImages, file: file, keyPath: "images", what: "rendered images")
            images = .rendered(count: n)
        case .string(let text):
            guard !text.isEmpty else { throw invalid("images", "empty path") }
            images = .directory(path(text))
        case .array:
            let list = try root.require("images", as: [String].self)
            guard !list.isEmpty else { throw invalid("images", "the list of images is empty") }
            try StudyLimits.check(list.count, StudyLimits.maximumImages, file: file, keyPath: "images", what: "images")
            images = .files(list.map(path))
        default:
            throw JSONError.typeMismatch(source: file, keyPath: "images", expected: "a directory, a list of files or \"rendered:N\"",
                                         found: imageValue.kindDescription)
        }

        // inverters
        let inverterReaders = try root.require("inverters", as: [JSONObjectReader].self)
        guard !inverterReaders.isEmpty else { throw invalid("inverters", "at least one inverter is needed") }
        try StudyLimits.check(inverterReaders.count, StudyLimits.maximumInverters, file: file, keyPath: "inverters", what: "inverters")
        var inverters: [InverterSpec] = []
        for (i, r) in inverterReaders.enumerated() {
            let key = "inverters[\(i)]"
            try r.rejectUnknownKeys(allowed: ["name", "checkpoint", "encoder", "steps", "bootstrap", "init_latent", "stage_starts", "precision"])
            let name = try r.require("name", as: String.self)
            guard Self.isSafeName(name) else { throw invalid("\(key).name", "\"\(name)\": use letters, digits, '-', '_', '.', '+'") }
            guard !inverters.contains(where: { $0.name == name }) else { throw invalid("\(key).name", "\"\(name)\" is used twice") }
            let steps = try r.optional("steps", as: [Int].self) ?? [1, 2, 3, 5]
            let maxSteps = StudyLimits.maximumSteps
            guard !steps.isEmpty else { throw invalid("\(key).steps", "expected a non-empty list of step counts") }
            try StudyLimits.check(steps.count, maxSteps, file: file, keyPath: "\(key).steps", what: "step counts")
            if let bad = steps.firstIndex(where: { $0 < 1 || $0 > maxSteps }) {
                throw invalid("\(key).steps[\(bad)]", "\(steps[bad]) is not a step count in 1...\(maxSteps) (the limit is \(maxSteps))")
            }
            var bootstrap: (URL, Int)? = nil
            if let b = try r.optionalObject("bootstrap") {
                try b.rejectUnknownKeys(allowed: ["checkpoint", "steps"])
                let n = try b.optional("steps", as: Int.self) ?? 1
                guard n >= 0 else { throw invalid("\(key).bootstrap.steps", "\(n) < 0") }
                try StudyLimits.check(n, StudyLimits.maximumSteps, file: file, keyPath: "\(key).bootstrap.steps", what: "steps")
                bootstrap = (path(try b.require("checkpoint", as: String.self)), n)
            }
            let checkpoint: URL
            switch (try r.optional("checkpoint", as: String.self), try r.optional("encoder", as: String.self)) {
            case (let file?, nil):
                checkpoint = path(file)
            case (_?, _?):
                throw invalid("\(key)", "give either \"checkpoint\" (a file) or \"encoder\" (a shipped encoder), not both")
            case (nil, let encoder):
                let encoderName = encoder ?? "e4e"
                guard let shippedEncoder else {
                    throw invalid("\(key).checkpoint", "required: a ReStyle checkpoint file (\"encoder\": \"\(encoderName)\" names a "
                                  + "shipped encoder, which only the restyle-edit command resolves)")
                }
                do { checkpoint = try shippedEncoder(encoderName) } catch {
                    throw invalid("\(key).encoder", "\(error)")
                }
            }
            let precisionText = try r.optional("precision", as: String.self) ?? "fp32"
            guard let precision = Precision(rawValue: precisionText) else {
                throw invalid("\(key).precision", "\"\(precisionText)\": use one of " + Precision.allCases.map(\.rawValue).joined(separator: ", "))
            }
            inverters.append(InverterSpec(name: name, checkpoint: checkpoint,
                                          steps: Array(Set(steps)).sorted(), bootstrap: bootstrap,
                                          initialLatent: try r.optional("init_latent", as: String.self).map(path),
                                          stageStarts: try r.optional("stage_starts", as: [Int].self)))
            inverters[inverters.count - 1].precision = precision
        }

        // directions
        var directions: [DirectionSpec] = []
        let directionReaders = try root.optional("directions", as: [JSONObjectReader].self) ?? []
        try StudyLimits.check(directionReaders.count, StudyLimits.maximumDirections, file: file, keyPath: "directions", what: "directions")
        for (i, r) in directionReaders.enumerated() {
            let key = "directions[\(i)]"
            try r.rejectUnknownKeys(allowed: ["name", "strengths", "layers", "attribute"])
            let name = try r.require("name", as: String.self)
            guard !directions.contains(where: { $0.name == name }) else { throw invalid("\(key).name", "\"\(name)\" is used twice") }
            let strengths = try r.require("strengths", as: [Float].self)
            guard !strengths.isEmpty, strengths.allSatisfy(\.isFinite) else {
                throw invalid("\(key).strengths", "expected a non-empty list of finite numbers")
            }
            try StudyLimits.check(strengths.count, StudyLimits.maximumStrengths, file: file, keyPath: "\(key).strengths", what: "strengths")
            directions.append(DirectionSpec(name: name, strengths: strengths, layers: try r.optional("layers", as: String.self),
                                            attribute: try r.optional("attribute", as: String.self)))
        }

        // metrics
        var metrics: [StudyMetric] = []
        if let names = try root.optional("metrics", as: [String].self) {
            for (i, text) in names.enumerated() {
                guard let parsed = StudyMetric.parse(text) else {
                    throw invalid("metrics[\(i)]", "unknown metric \"\(text)\"; known: "
                                  + (["reconstruction", "latent", "editability", "attributes", "all"] + StudyMetric.allCases.map(\.rawValue)).joined(separator: ", "))
                }
                for m in parsed where !metrics.contains(m) { metrics.append(m) }
            }
            guard !metrics.isEmpty else { throw invalid("metrics", "the list of metrics is empty") }
        } else {
            metrics = StudyMetric.standard
        }

        let seed = try root.optional("seed", as: Int64.self) ?? 0
        guard seed >= 0 else { throw invalid("seed", "\(seed) < 0") }
        let wSamples = try root.optional("w_samples", as: Int.self) ?? 2000
        guard wSamples >= 2 else { throw invalid("w_samples", "\(wSamples) < 2") }
        try StudyLimits.check(wSamples, StudyLimits.maximumWSamples, file: file, keyPath: "w_samples", what: "samples")
        let grids = try root.optional("grid_images", as: Int.self) ?? 4
        guard grids >= 0 else { throw invalid("grid_images", "\(grids) < 0") }
        try StudyLimits.check(grids, StudyLimits.maximumGridImages, file: file, keyPath: "grid_images", what: "grid images")
        let attributeSamples = try root.optional("attribute_samples", as: Int.self) ?? 64
        guard attributeSamples >= 1 else { throw invalid("attribute_samples", "\(attributeSamples) < 1") }
        try StudyLimits.check(attributeSamples, StudyLimits.maximumAttributeSamples, file: file, keyPath: "attribute_samples",
                              what: "samples")
        let output = try root.require("output", as: String.self)
        guard !output.isEmpty else { throw invalid("output", "empty path") }

        self.init(name: try root.optional("name", as: String.self) ?? url.deletingPathExtension().lastPathComponent,
                  images: images, inverters: inverters, directions: directions,
                  directionDirectories: (try root.optional("directions_dirs", as: [String].self) ?? []).map(path),
                  metrics: metrics, seed: UInt64(seed), wSamples: wSamples, gridImages: grids, output: path(output))
        self.file = file
        self.attributeSamples = attributeSamples
        self.labels = try root.optional("labels", as: String.self).map(path)
    }

    static func isSafeName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.+".unicodeScalars.contains($0) }
    }
}
