import Foundation

/// Writes one line to standard error, after `restyle-edit: `.
public func printError(_ message: String) {
    FileHandle.standardError.write(Data(("restyle-edit: " + message + "\n").utf8))
}
