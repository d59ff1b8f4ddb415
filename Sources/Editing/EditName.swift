import Directions

/// File-name-safe names of edits, for output files `<stem>.<edit>.png`, that survive shells and sorting:
///
/// - `add`: `NAME±S` — `smile+2`, `smile-1.5`, `ffhq_pca_c3+2` (with `mode: add`), `age+0`;
/// - `set` (GANSpace) and centred edits fix a coordinate: `NAME=S` — `ffhq_pca_c3=2`, `smile=-1`;
/// - layers other than the direction's default: `@ROWS` with `,` written `_` — `smile+2@4-5`, `smile+2@0-3_8`;
/// - several edits: joined by `__` — `smile+2__age-1`.
///
/// Mapping: a GANSpace component's `#k` is written `_ck` (`ffhq_pca#3` → `ffhq_pca_c3`), `,` never appears. S is the
/// shortest decimal that reads back as the same Float (`2`, `1.5`, `0.33`, `1e-05`). Only ASCII letters, digits and
/// `_ . - + = @` appear; anything else in a name becomes `_`.
public enum EditName {
    public static func name(for edit: Edit) -> String {
        let fixes = edit.mode == .set || edit.center
        let strength = strengthText(edit.strength)
        var text = sanitized(edit.direction.name) + (fixes ? "=" + strength : (strength.hasPrefix("-") ? strength : "+" + strength))
        if edit.layers != edit.direction.defaultLayers {
            text += "@" + edit.layers.description.replacingOccurrences(of: ",", with: "_")
        }
        return text
    }

    public static func name(for edits: [Edit]) -> String {
        edits.map { name(for: $0) }.joined(separator: "__")
    }

    /// `2`, `-1.5`, `0` (never `-0`), `1e-05`.
    public static func strengthText(_ value: Float) -> String {
        let v = value == 0 ? 0 : value
        var text = v.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// A direction name as it appears in file names (`ffhq_pca#3` → `ffhq_pca_c3`).
    public static func sanitized(_ name: String) -> String {
        String(name.replacingOccurrences(of: "#", with: "_c").unicodeScalars.map { c -> Character in
            let ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "_.-+=@".unicodeScalars.contains(c)
            return ok ? Character(c) : "_"
        })
    }
}

extension Edit {
    /// `EditName.name(for: self)`: `smile+2`, `ffhq_pca#3=2`.
    public var name: String { EditName.name(for: self) }
}
