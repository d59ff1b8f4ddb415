import Directions
import Foundation
import JSONCodec
import Workflows

extension EditorEngine {
    /// What `GET /api/model` returns: the generator, the encoders, one slider per direction (its range, default
    /// strength and layers) and the example faces.
    public func description() -> JSONValue {
        var sliders: [JSONValue] = []
        for entry in library.entries {
            let count = entry.componentCount ?? 1
            let names = count > 1 ? (0..<min(count, Self.maximumComponentSliders)).map { "\(entry.name)#\($0)" } : [entry.name]
            for name in names {
                guard let direction = try? library.direction(named: name) else { continue }
                let range = Self.sliderRange(direction)
                sliders.append(.object([
                    "name": .string(name), "description": direction.description.map(JSONValue.string) ?? .null,
                    "default_strength": .double(Double(direction.defaultStrength)),
                    "min": .double(Double(range.lowerBound)), "max": .double(Double(range.upperBound)),
                    "default_layers": .string(direction.defaultLayers.description), "mode": .string(direction.mode.rawValue),
                ]))
            }
        }
        return .object([
            "generator": .object(["size": .int(Int64(generator.size)), "styles": .int(Int64(generator.nLatent)),
                                  "style_dim": .int(Int64(generator.styleDim)),
                                  "checkpoint": .string(configuration.generatorCheckpoint?.lastPathComponent ?? "")]),
            "encoders": .array(models.map { .string($0.name) }),
            "default_steps": .int(5), "maximum_steps": .int(Int64(configuration.maximumSteps)),
            "directions": .array(sliders),
            "examples": .array(exampleNames().map(JSONValue.string)),
        ])
    }

    /// GANSpace files list this many components as sliders (the first ones: most variance).
    static let maximumComponentSliders = 8

    /// The slider's ends: the manifest's `strength_range`, else ±3 × the default strength (±3 for a zero default).
    static func sliderRange(_ direction: Direction) -> ClosedRange<Float> {
        if let range = direction.strengthRange { return range }
        let s = max(abs(direction.defaultStrength), 1) * 3
        return -s...s
    }

    /// The example images (PNG/JPEG files of the examples folders), by file name, sorted.
    public func exampleNames() -> [String] { exampleFiles().map(\.name) }

    func exampleFiles() -> [(name: String, url: URL)] {
        var seen = Set<String>(), files: [(String, URL)] = []
        for dir in configuration.examples {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") && !seen.contains(name)
                && InputImages.imageExtensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased()) {
                seen.insert(name)
                files.append((name, dir.appendingPathComponent(name)))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The bytes of example `name` (only names `exampleNames` lists: never a path).
    public func example(named name: String) throws -> Data {
        guard let file = exampleFiles().first(where: { $0.name == name }) else {
            let names = exampleNames()
            throw EditorError(.notFound, "no example '\(name)'" + (names.isEmpty ? " (this server has none)" : " (examples: \(names.joined(separator: ", ")))"))
        }
        return try Data(contentsOf: file.url)
    }
}
