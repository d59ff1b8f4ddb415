import Foundation

/// The directions found in a list of directories (`searchPath(explicit:environment:modelDirectory:)`).
///
/// Each directory holds plugin folders (`NAME/manifest.json` + vector file) and bare files (`.npy`, `.pt`,
/// `.pth`: name = file stem; a GANSpace PCA file gives `stem#0` … `stem#(K-1)`); hidden names (`.x`) and other
/// files are ignored. Directories are scanned in order and entries in case-insensitive name order: a name (case-insensitive)
/// found in an earlier directory wins and later ones are recorded in `shadowed`; a second entry of the same name
/// in one directory is a problem. Anything that fails to load — bad JSON, a missing vector file, NaN/Inf values,
/// and, when the model's sizes are given, a wrong dimension, row count or layer range — is recorded in `problems`
/// with its path and reason while the rest load. A missing `explicit` directory is a problem; missing
/// `environment`/`model` directories are skipped.
public struct DirectionLibrary: Sendable {
    /// The environment variable holding extra directories, colon-separated.
    public static let environmentVariable = "RESTYLE_DIRECTIONS"

    public let searchDirectories: [DirectionSearchDirectory]
    /// W+ rows of the model directions are checked against (nil: not checked).
    public let styleCount: Int?
    /// Width of W of the model directions are checked against (nil: not checked).
    public let styleDim: Int?
    /// The loaded names, in scan order (directory order, then name order).
    public private(set) var entries: [DirectionEntry] = []
    /// Entries hidden by an earlier one of the same name.
    public private(set) var shadowed: [ShadowedDirection] = []
    /// Everything that could not be loaded.
    public private(set) var problems: [DirectionProblem] = []

    private var index: [String: Int] = [:]

    /// Scans `directories` in order. With `styleCount`/`styleDim`, directions that do not fit that model are problems.
    public init(directories: [DirectionSearchDirectory], styleCount: Int? = nil, styleDim: Int? = nil) {
        searchDirectories = directories
        self.styleCount = styleCount
        self.styleDim = styleDim
        for directory in directories { scan(directory) }
    }

    /// Scans `directories` (each treated as `explicit`: a missing one is a problem).
    public init(directories: [URL], styleCount: Int? = nil, styleDim: Int? = nil) {
        self.init(directories: directories.map { DirectionSearchDirectory($0) }, styleCount: styleCount, styleDim: styleDim)
    }

    /// A library of the single plugin folder `folder` (searched from its parent).
    init(pluginFolder folder: URL, styleCount: Int?, styleDim: Int?) {
        let parent = folder.deletingLastPathComponent()
        searchDirectories = [DirectionSearchDirectory(parent, origin: .explicit)]
        self.styleCount = styleCount
        self.styleDim = styleDim
        if let entry = loadPlugin(folder, in: parent) {
            index[DirectionName.key(entry.name)] = 0
            entries = [entry]
        }
    }

    /// The search path: every `explicit` directory (`--directions DIR`, in order), then the non-empty entries of
    /// `environment["RESTYLE_DIRECTIONS"]` (colon-separated), then the user's directory
    /// (`DirectionSearchDirectory.userDirectory`, where `directions import` writes), then `modelDirectory/directions` — `modelDirectory` being
    /// the folder that holds the model checkpoint. Relative paths resolve against the current directory; a directory
    /// listed twice is kept at its first position.
    public static func searchPath(explicit: [URL], environment: [String: String], modelDirectory: URL?) -> [DirectionSearchDirectory] {
        var result: [DirectionSearchDirectory] = explicit.map { DirectionSearchDirectory($0, origin: .explicit) }
        for part in (environment[environmentVariable] ?? "").split(separator: ":") where !part.isEmpty {
            result.append(DirectionSearchDirectory(URL(fileURLWithPath: String(part), isDirectory: true), origin: .environment))
        }
        result.append(DirectionSearchDirectory(DirectionSearchDirectory.userDirectory(environment: environment), origin: .user))
        if let modelDirectory {
            result.append(DirectionSearchDirectory(modelDirectory.appendingPathComponent("directions", isDirectory: true), origin: .model))
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0.url.standardizedFileURL.path).inserted }
    }

    /// Every name, in scan order (PCA files as their base name).
    public var names: [String] { entries.map(\.name) }

    /// The entry called `name` (case-insensitive; `base#k` finds the PCA file `base`).
    public func entry(named name: String) -> DirectionEntry? {
        let base = name.firstIndex(of: "#").map { String(name[..<$0]) } ?? name
        return index[DirectionName.key(base)].map { entries[$0] }
    }

    /// The direction called `name`, case-insensitive; `base#k` selects component k of the PCA file `base`.
    /// Throws `unusable` (with the problem) when a plugin folder or file of that name failed to load,
    /// `unknownDirection` listing up to 3 closest names and the directories searched, `componentRequired`
    /// for a PCA file named without `#k`, `invalidComponent`, or `notComponentSet`.
    public func direction(named name: String) throws -> Direction {
        let hash = name.firstIndex(of: "#")
        let base = hash.map { String(name[..<$0]) } ?? name
        guard let entry = entry(named: base) else {
            if let problem = problems.first(where: {
                let item = URL(fileURLWithPath: $0.path)
                return DirectionName.key(item.deletingPathExtension().lastPathComponent) == DirectionName.key(base)
                    || DirectionName.key(item.lastPathComponent) == DirectionName.key(base)
            }) {
                throw DirectionError.unusable(name: name, problem: problem.description)
            }
            throw DirectionError.unknownDirection(name: name, suggestions: suggestions(for: base),
                                                  searched: searchDirectories.map(\.url.path))
        }
        switch entry.content {
        case .direction(let direction):
            guard hash == nil else { throw DirectionError.notComponentSet(name: entry.name, file: entry.location.path) }
            return direction
        case .components(let pca):
            guard let hash else {
                throw DirectionError.componentRequired(name: entry.name, file: entry.location.path, count: pca.componentCount)
            }
            let text = String(name[name.index(after: hash)...])
            guard let k = Int(text), text.allSatisfy(\.isNumber), k < pca.componentCount else {
                throw DirectionError.invalidComponent(name: entry.name, file: entry.location.path, component: text,
                                                      count: pca.componentCount)
            }
            return try pca.component(k, name: nil).with(name: "\(entry.name)#\(k)")
        }
    }

    /// Up to 3 loaded names closest to `name` (see `DirectionName.suggestions`).
    public func suggestions(for name: String) -> [String] {
        DirectionName.suggestions(for: name, among: names)
    }

    // MARK: - Scanning

    private mutating func scan(_ directory: DirectionSearchDirectory) {
        let fm = FileManager.default
        let url = directory.url
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            if directory.origin == .explicit { problems.append(DirectionProblem(path: url.path, reason: "no such directory")) }
            return
        }
        guard isDirectory.boolValue else {
            problems.append(DirectionProblem(path: url.path, reason: "not a directory"))
            return
        }
        let items: [URL]
        do {
            items = try fm.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isDirectoryKey])
                .filter { !$0.lastPathComponent.hasPrefix(".") }
                .sorted { ($0.lastPathComponent.lowercased(), $0.lastPathComponent) < ($1.lastPathComponent.lowercased(), $1.lastPathComponent) }
        } catch {
            problems.append(DirectionProblem(path: url.path, reason: "cannot list directory: \(error.localizedDescription)"))
            return
        }
        var namesHere: [String: String] = [:]   // key → path, within this directory
        for item in items {
            var itemIsDirectory: ObjCBool = false
            guard fm.fileExists(atPath: item.path, isDirectory: &itemIsDirectory) else { continue }
            let loaded: DirectionEntry?
            if itemIsDirectory.boolValue {
                loaded = loadPlugin(item, in: url)
            } else if DirectionFile.isDirectionFile(item) {
                loaded = loadBareFile(item, in: url)
            } else {
                loaded = nil
            }
            guard let entry = loaded else { continue }
            let key = DirectionName.key(entry.name)
            if let other = namesHere[key] {
                problems.append(DirectionProblem(
                    path: item.path, reason: "direction \"\(entry.name)\" is also defined by \(other) in the same directory; this one is ignored"))
                continue
            }
            namesHere[key] = item.path
            if let winner = index[key] {
                shadowed.append(ShadowedDirection(name: entry.name, path: item.path, shadowedBy: entries[winner].location.path))
                continue
            }
            index[key] = entries.count
            entries.append(entry)
        }
    }

    private mutating func loadPlugin(_ folder: URL, in directory: URL) -> DirectionEntry? {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(DirectionManifest.fileName).path) else {
            problems.append(DirectionProblem(
                path: folder.path, reason: "not a direction plugin: no \(DirectionManifest.fileName) (a plugin folder holds manifest.json and its vector file)"))
            return nil
        }
        do {
            let direction = try Direction.loadPlugin(at: folder)
            try check(direction)
            return DirectionEntry(name: direction.name, location: folder, directory: directory, content: .direction(direction))
        } catch {
            problems.append(DirectionProblem(path: folder.path, reason: "\(error)"))
            return nil
        }
    }

    private mutating func loadBareFile(_ file: URL, in directory: URL) -> DirectionEntry? {
        let name = file.deletingPathExtension().lastPathComponent
        do {
            try DirectionName.validate(name)
            switch try DirectionFile.read(file) {
            case .vector(let tensor, let format):
                let direction = Direction(name: name, source: file, vector: tensor, format: format,
                                          space: tensor.shape[0] == 1 ? .w : .wPlus)
                try check(direction)
                return DirectionEntry(name: name, location: file, directory: directory, content: .direction(direction))
            case .pca(let pca):
                try check(pca.component(0, name: nil))
                return DirectionEntry(name: name, location: file, directory: directory, content: .components(pca))
            }
        } catch {
            problems.append(DirectionProblem(path: file.path, reason: "\(error)"))
            return nil
        }
    }

    /// Model checks, when the model's sizes are known.
    private func check(_ direction: Direction) throws {
        if let styleCount, let styleDim {
            try direction.validate(styleCount: styleCount, styleDim: styleDim)
        } else if let styleDim, direction.dimension != styleDim {
            throw DirectionError.dimensionMismatch(file: direction.source.path, name: direction.name,
                                                   expected: styleDim, actual: direction.dimension)
        }
    }
}
