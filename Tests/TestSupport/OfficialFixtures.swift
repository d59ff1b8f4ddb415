import Foundation
import XCTest

/// Real files published by the official ReStyle, e4e and InterFaceGAN projects, never copied into this repository
/// (README, "Official files the tests read"). Found in `RESTYLE_OFFICIAL_FIXTURES` when set, else in
/// `../shared/fixtures/official` beside the checkout.
///
/// - Directory absent and the variable unset (a user's clone): the test is skipped with one line naming the
///   directory (`skipMessagePrefix`, which `.ci/run` looks for).
/// - Variable set, or the directory present: a missing file fails the test, naming the file.
public enum OfficialFixtures {
    /// The environment variable naming the directory.
    public static let variable = "RESTYLE_OFFICIAL_FIXTURES"
    /// The start of the skip message (`.ci/run` fails when a run with the directory present prints it).
    public static let skipMessagePrefix = "official fixtures not found"

    /// The directory the files are read from.
    public static var directory: URL {
        if let explicit = explicitDirectory { return explicit }
        return TestPaths.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/official")
    }

    /// `RESTYLE_OFFICIAL_FIXTURES` when set and not empty.
    public static var explicitDirectory: URL? {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        return URL(fileURLWithPath: value, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// A missing official file where the files are expected.
    public struct MissingFile: Error, CustomStringConvertible {
        public let path: String
        public let setBy: String
        public var description: String { "official fixture missing: \(path) (\(setBy))" }
    }

    /// The URL of `relativePath` (e.g. `restyle/pose.pt`) inside the official directory, or a skip (directory absent,
    /// variable unset) or a `MissingFile` failure (variable set or directory present, file absent).
    public static func file(_ relativePath: String) throws -> URL {
        try requireDirectory()
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFile(path: url.path, setBy: explicitDirectory == nil ? "default directory" : "\(variable)")
        }
        return url
    }

    /// The official directory itself (for tests that read several of its files), checked like `file`.
    public static func requireDirectory() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
        if exists { return }
        if explicitDirectory != nil {
            throw MissingFile(path: directory.path, setBy: "\(variable) names no directory")
        }
        throw XCTSkip("\(skipMessagePrefix): \(directory.path) (set \(variable); README, \"Official files the tests read\")")
    }
}
