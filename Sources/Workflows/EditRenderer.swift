import Checkpoints
import Editing
import Foundation
import ImageCodecs
import StyleGAN2
import TensorCore

/// Applies a list of edits (a command line's, or the editor page's sliders) to one W+ code, regenerates, and writes the results:
/// `<stem>.<edit>.png` and `<stem>.<edit>.npy` per edited code (`--raw`: `<stem>.<edit>.raw.npy`),
/// and with a sweep a grid `<stem>.<edits>.sweep.png` (named after every direction in it): input | inversion | one
/// column per strength, each labelled with its strength. With `pasteBack` (`--paste-back`), every edited image is also
/// warped back into the original photo: `<stem>.<edit>.photo.png`.
public struct EditRenderer {
    public let generator: Generator
    public let editor: LatentEditor
    public let edits: [Edit]
    public let sweep: [Float]?
    public let raw: Bool

    public init(generator: Generator, edits: [Edit], sweep: [Float]?, raw: Bool) {
        self.generator = generator
        self.editor = LatentEditor(generator: generator)
        self.edits = edits
        self.sweep = sweep
        self.raw = raw
    }

    /// One edited code and its image: `name` is its file-name part (`smile2`, `age-1_smile2`).
    public struct RenderedEdit {
        public let name: String
        /// W+ codes `[n, D]`.
        public let codes: Tensor
        /// `G(codes)` `[3, S, S]`, raw.
        public let image: Tensor
        /// `image` as the PNG pixels every front end writes.
        public func rgbImage() throws -> RGBImage { try RGBImage(tensor: image) }
    }

    /// The edits applied to codes `[n, D]` and regenerated in one batch: one result per strength of the sweep, else
    /// one for all edits composed. The CLI writes these files; the server sends the same pixels.
    public func renderedEdits(codes: Tensor) throws -> [RenderedEdit] {
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
        let images = try generator.synthesize(wPlus: batch)                        // [k, 3, S, S]
        return names.indices.map { i in RenderedEdit(name: names[i], codes: batch.slice(i), image: images.slice(i)) }
    }

    /// Renders and writes: codes `[n, D]`; input: the encoder input `[3, H, W]` for the grid (nil for codes-only
    /// edits); inversion: `G(codes)` `[3, S, S]` when already computed.
    public func render(codes: Tensor, stem: String, input: Tensor?, inversion: Tensor?, into dir: URL,
                       pasteBack: ((RGBImage) -> RGBImage)? = nil) throws {
        if let sweep, sweep.count > 1 && generator.size >= PhotoInverter.stepProgressMinimumSize {
            printError("\(stem): rendering \(sweep.count) strengths …")
        }
        let rendered = try renderedEdits(codes: codes)
        for edit in rendered {
            let base = dir.appendingPathComponent("\(stem).\(edit.name)")
            try NumPyArrayFile.write(edit.codes, to: base.appendingPathExtension("npy"))
            let image = try edit.rgbImage()
            try image.write(to: base.appendingPathExtension("png"))
            if let pasteBack { try pasteBack(image).write(to: base.appendingPathExtension("photo.png")) }
            if raw { try NumPyArrayFile.write(edit.image, to: base.appendingPathExtension("raw.npy")) }
        }
        if sweep != nil, let last = edits.last {
            let original = try inversion ?? generator.synthesize(wPlus: codes.reshaped([1] + codes.shape)).slice(0)
            let labels = (sweep ?? []).map { s in (EditName.strengthText(s).hasPrefix("-") ? "" : "+") + EditName.strengthText(s) }
            // Every panel gets a label band (blank under input and inversion) so heights stay equal.
            let row = ImageGrid.sweepRow(input: input.map { ImageGrid.labelled($0, "") }, inversion: ImageGrid.labelled(original, ""),
                                         edited: rendered.enumerated().map { i, p in ImageGrid.labelled(p.image, labels[i]) })
            let grid = try ImageGrid.compose([row], spacing: 2)
            try RGBImage(tensor: grid).write(to: dir.appendingPathComponent(
                Self.gridName(stem: stem, preceding: Array(edits.dropLast()), direction: last.direction.name)))
        }
    }

    /// `<stem>.<direction>.sweep.png`, or with edits before the swept one `<stem>.<their names>__<direction>.sweep.png`
    /// (`face.age-1__smile.sweep.png`), file-name-safe (`EditName`).
    public static func gridName(stem: String, preceding: [Edit], direction: String) -> String {
        let swept = EditName.sanitized(direction)
        return "\(stem).\(preceding.isEmpty ? swept : EditName.name(for: preceding) + "__" + swept).sweep.png"
    }
}
