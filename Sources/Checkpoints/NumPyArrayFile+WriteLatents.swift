import FileSupport
import Foundation
import TensorCore

extension NumPyArrayFile {
    /// Writes ReStyle's `latents.npy` layout, as the official `inference_iterative.py` saves it: a 0-d object array
    /// (pickled, so `np.load(f, allow_pickle=True).item()` reads it) holding a dict image name → list of per-step W+
    /// codes, each a float32 `[n_styles, D]` array. `entries`: (name, steps `[k, n, D]`) in order. Atomic.
    public static func writeLatentsByName(_ entries: [(name: String, steps: Tensor)], to url: URL) throws {
        var pickle = PickleWriter()
        pickle.objectScalar { p in
            p.emptyDict()
            p.mark()
            for (name, steps) in entries {
                precondition(steps.rank == 3, "latents of \(name): \(steps.shape), expected [steps, n, D]")
                p.string(name)
                p.emptyList(); p.mark()
                for k in 0..<steps.shape[0] {
                    let code = steps.slice(k)
                    p.floatArray(shape: code.shape, values: code.scalars)
                }
                p.appends()
            }
            p.setItems()
        }
        pickle.stop()
        var data = objectHeader()
        data.append(contentsOf: pickle.bytes)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw CheckpointError.io(file: url.path, reason: "\(error)")
        }
    }

    /// The `.npy` 1.0 header of a 0-d object array (`'|O'`), padded to 64 bytes like NumPy's.
    static func objectHeader() -> Data {
        let text = Array("{'descr': '|O', 'fortran_order': False, 'shape': (), }".utf8)
        let body = text + [UInt8](repeating: 0x20, count: (64 - (10 + text.count + 1) % 64) % 64) + [0x0A]
        var out = Data(NumPyHeader.magic + [1, 0])
        withUnsafeBytes(of: UInt16(body.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: body)
        return out
    }
}
