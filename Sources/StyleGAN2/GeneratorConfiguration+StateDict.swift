import Checkpoints

extension GeneratorConfiguration {
    /// Infers size, style dim, mapping depth and widths from the generator tensors' keys and shapes.
    ///
    /// Each quantity has fallbacks (e.g. the 4 px width from `input`, `conv1` or `to_rgb1`) so that one missing or
    /// extra tensor is reported by strict loading as that key, not as an unrelated inference failure.
    init(inferringFrom checkpoint: GeneratorCheckpoint) throws {
        let shapes = checkpoint.shapes
        func dim(_ key: String, rank: Int, axis: Int) -> Int? {
            guard let s = shapes[key], s.count == rank else { return nil }
            return s[axis]
        }
        func fail(_ reason: String) -> GeneratorError { .configurationNotInferred(file: checkpoint.file, reason: reason) }
        typealias K = GeneratorKeys

        // Number of upsampling blocks: consecutive k with any tensor of to_rgbs[k], convs[2k] or convs[2k+1].
        var blocks = 0
        while blocks < 9, [K.convWeight(.toRGB(blocks)), K.convWeight(.conv(2 * blocks)), K.convWeight(.conv(2 * blocks + 1))]
            .contains(where: { shapes[$0] != nil }) {
            blocks += 1
        }
        guard blocks >= 2 && blocks <= 8 else {
            throw fail("found \(blocks) upsampling blocks (to_rgbs.k / convs.j conv weights); a 16...1024 px generator has 2...8")
        }
        let size = 4 << blocks

        guard let c4 = dim(K.constantInput, rank: 4, axis: 1) ?? dim(K.convWeight(.conv1), rank: 5, axis: 1)
                ?? dim(K.activationBias(.conv1), rank: 1, axis: 0) ?? dim(K.convWeight(.toRGB1), rank: 5, axis: 2) else {
            throw fail("no 4 px width: none of \(K.constantInput), \(K.convWeight(.conv1)), \(K.convWeight(.toRGB1)) has the expected rank")
        }
        var channels = [4: c4]
        for k in 0..<blocks {
            let up = GeneratorModule.conv(2 * k), same = GeneratorModule.conv(2 * k + 1)
            guard let width = dim(K.convWeight(up), rank: 5, axis: 1) ?? dim(K.convWeight(same), rank: 5, axis: 1)
                    ?? dim(K.activationBias(up), rank: 1, axis: 0) ?? dim(K.activationBias(same), rank: 1, axis: 0)
                    ?? dim(K.convWeight(.toRGB(k)), rank: 5, axis: 2) else {
                throw fail("no width for \(8 << k) px (convs.\(2 * k) / convs.\(2 * k + 1) / to_rgbs.\(k))")
            }
            channels[8 << k] = width
        }

        let styleCandidates = [K.modulationWeight(.conv1), K.modulationWeight(.toRGB1), K.modulationWeight(.conv(0))]
        guard let styleDim = styleCandidates.lazy.compactMap({ dim($0, rank: 2, axis: 1) }).first
                ?? dim(K.mappingWeight(1), rank: 2, axis: 1) else {
            throw fail("no style dimension: none of \(styleCandidates.joined(separator: ", ")) is a matrix")
        }

        var mappingLayers = 0
        while shapes[K.mappingWeight(mappingLayers + 1)] != nil || shapes[K.mappingBias(mappingLayers + 1)] != nil {
            mappingLayers += 1
        }
        do {
            try self.init(size: size, styleDim: styleDim, mappingLayers: mappingLayers, channels: channels)
        } catch GeneratorError.invalidConfiguration(let reason) {
            throw fail(reason)
        }
    }
}
