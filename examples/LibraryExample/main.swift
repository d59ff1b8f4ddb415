// A complete edit through the libraries, without the CLI:
//   swift run library-example CHECKPOINT.pt IMAGE DIRECTION_FILE STRENGTH OUT.png
// e.g. swift run library-example restyle_e4e_ffhq_encode.pt face.jpg ../shared/fixtures/official/restyle/smile.pt 2 smile.png
import Directions
import Editing
import Foundation
import ImageCodecs
import Inversion

let args = CommandLine.arguments
guard args.count == 6, let strength = Float(args[4]) else {
    print("usage: library-example CHECKPOINT.pt IMAGE DIRECTION_FILE STRENGTH OUT.png")
    exit(2)
}
do {
    // 1. One official ReStyle checkpoint holds the encoder, the generator and latent_avg (memory-mapped).
    let model = try ReStyleModel(contentsOf: URL(fileURLWithPath: args[1]))
    // 2. Decode the photo and bring it to the encoder's input: x [1, 3, 256, 256] in [-1, 1].
    let image = try ImageFile.decode(contentsOf: URL(fileURLWithPath: args[2]))
    let x = try EncoderInput(height: model.inputHeight, width: model.inputWidth).tensor(for: image, file: args[2])
    // 3. Five ReStyle steps: W+ codes [1, n_styles, D].
    let trace = try ReStyleInverter(model: model).invert(x)
    let codes = trace.finalCodes.slice(0)                                          // [n_styles, D]
    // 4. A direction file (InterFaceGAN .npy, e4e .pt) and the edit: w + strength·d on every row.
    let direction = try DirectionFile.load(URL(fileURLWithPath: args[3]))
    let edit = try Edit(direction: direction, strength: strength)
    let edited = try LatentEditor(generator: model.generator).apply([edit], to: codes)
    // 5. Regenerate and save (tensor2im: clamp((x+1)/2)·255, truncated).
    let output = try model.generator.synthesize(wPlus: edited.reshaped([1] + edited.shape))   // [1, 3, S, S]
    try RGBImage(tensor: output).write(to: URL(fileURLWithPath: args[5]))
    print("wrote \(args[5]) (\(trace.steps.count) steps, edit \(EditName.name(for: edit)))")
} catch {
    FileHandle.standardError.write(Data("library-example: \(error)\n".utf8))
    exit(1)
}
