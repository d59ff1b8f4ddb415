import Foundation

/// The `restyle-edit` command line that computes an edit: what the editor page's "copy command" button gives, so a
/// result found by dragging sliders can be reproduced (and batched) from a shell.
public enum EditCommandLine {
    /// `restyle-edit IMAGE [--checkpoint F] [--encoder E] [--directions DIR] [--iterations N] --direction NAME --strength S [--layers R] ...`.
    /// Edits at strength 0 are left out (they change nothing); `checkpoint` nil: the shipped model (no flag).
    public static func headline(image: String, edits: [EditSpec], checkpoint: String? = nil, encoder: String? = nil,
                                directions: [String] = [], iterations: Int = 5, align: Bool? = nil) -> String {
        var words = ["restyle-edit", image]
        if let checkpoint { words += ["--checkpoint", checkpoint] }
        for d in directions { words += ["--directions", d] }
        if let encoder { words += ["--encoder", encoder] }
        if iterations != 5 { words += ["--iterations", String(iterations)] }
        if let align { words.append(align ? "--align" : "--no-align") }
        for edit in edits where edit.strength != 0 {
            words += ["--direction", edit.direction]
            if let s = edit.strength { words += ["--strength", strengthText(s)] }
            if let l = edit.layers, !l.isEmpty { words += ["--layers", l] }
        }
        return words.map(shellQuoted).joined(separator: " ")
    }

    /// `2`, `-1.5`, `0.25`: the shortest text that reads back as the same Float.
    static func strengthText(_ s: Float) -> String {
        if s == s.rounded(), abs(s) < 1e7 { return String(Int(s)) }
        return "\(s)"
    }

    /// A word as a POSIX shell reads it back: plain when it is only safe characters, else in single quotes.
    public static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=+#@%")
        if !word.isEmpty && !word.hasPrefix("#") && word.allSatisfy({ safe.contains($0) }) { return word }   // #…: a comment
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
