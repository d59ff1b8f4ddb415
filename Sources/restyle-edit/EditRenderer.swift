import Checkpoints
import Editing
import Foundation
import ImageCodecs
import StyleGAN2
import TensorCore

/// Applies a command line's edits to one W+ code, regenerates, and writes the results:
/// `<stem>.<edit>.png` and `<stem>.<edit>.npy` per edited code (`--raw`: `<stem>.<edit>.raw.npy`),
/// and with a sweep a grid `<stem>.<edits>.sweep.png` (named after every direction in it): input | inversion | one
/// column per strength, each labelled with its strength. With `pasteBack` (`--paste-back`), every edited image is also
/// warped back into the original photo: `<stem>.<edit>.photo.png`.
struct EditRenderer {
    let generator: Generator
    let editor: LatentEditor
    let edits: [Edit]
    let sweep: [Float]?
    let raw: Bool

    init(generator: Generator, edits: [Edit], sweep: [Float]?, raw: Bool) {
        self.generator = generator
        self.editor = LatentEditor(generator: generator)
        self.edits = edits
        self.sweep = sweep
        self.raw = raw
    }

    /// codes: `[n, D]`; input: the encoder input `[3, H, W]` for the grid (nil for codes-only edits);
    /// inversion: `G(codes)` `[3, S, S]` when already computed.
    func render(codes: Tensor, stem: String, input: Tensor?, inversion: Tensor?, into dir: URL,
                pasteBack: ((RGBImage) -> RGBImage)? = nil) throws {
        let batch: Tensor                                                            // [k, n, D]
        let names: [String]
        if let sweep, let last = edits.last {
            batch = try editor.sweep(codes: codes, edit: last, strengths: sweep, preceding: Array(edits.dropLast()))
            names = try sweep.map { s in
                EditName.name(for: Array(edits.dropLast()) + [try last.withStrength(s)])
            }
        } else {
            batch = try editor.apply(edits, to: codes).reshaped([1] + codes.shape)
            names = [EditName.name(for: edits)]
        }
        if batch.shape[0] > 1 && generator.size >= PhotoInverter.stepProgressMinimumSize {
            printError("\(stem): rendering \(batch.shape[0]) strengths …")
        }
        let images = try generator.synthesize(wPlus: batch)                        // [k, 3, S, S]
        var panels: [Tensor] = []
        for (i, name) in names.enumerated() {
            let image = images.slice(i)                                              // [3, S, S]
            panels.append(image)
            let base = dir.appendingPathComponent("\(stem).\(name)")
            try NumPyArrayFile.write(batch.slice(i), to: base.appendingPathExtension("npy"))
            let rendered = try RGBImage(tensor: image)
            try rendered.write(to: base.appendingPathExtension("png"))
            if let pasteBack { try pasteBack(rendered).write(to: base.appendingPathExtension("photo.png")) }
            if raw { try NumPyArrayFile.write(image, to: base.appendingPathExtension("raw.npy")) }
        }
        if sweep != nil, let last = edits.last {
            let original = try inversion ?? generator.synthesize(wPlus: codes.reshaped([1] + codes.shape)).slice(0)
            let labels = (sweep ?? []).map { s in (EditName.strengthText(s).hasPrefix("-") ? "" : "+") + EditName.strengthText(s) }
            // Every panel gets a label band (blank under input and inversion) so heights stay equal.
            let row = ImageGrid.sweepRow(input: input.map { ImageGrid.labelled($0, "") }, inversion: ImageGrid.labelled(original, ""),
                                         edited: panels.enumerated().map { i, p in ImageGrid.labelled(p, labels[i]) })
            let grid = try ImageGrid.compose([row], spacing: 2)
            try RGBImage(tensor: grid).write(to: dir.appendingPathComponent(
                Self.gridName(stem: stem, preceding: Array(edits.dropLast()), direction: last.direction.name)))
        }
    }

    /// `<stem>.<direction>.sweep.png`, or with edits before the swept one `<stem>.<their names>__<direction>.sweep.png`
    /// (`face.age-1__smile.sweep.png`), file-name-safe (`EditName`).
    static func gridName(stem: String, preceding: [Edit], direction: String) -> String {
        let swept = EditName.sanitized(direction)
        return "\(stem).\(preceding.isEmpty ? swept : EditName.name(for: preceding) + "__" + swept).sweep.png"
    }
}
