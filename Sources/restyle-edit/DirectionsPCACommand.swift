import ArgumentParser
import Directions
import Foundation
import StyleGAN2
import TensorCore

extension DirectionsCommand {
    /// `restyle-edit directions pca`: GANSpace PCA of sampled W codes, written as a PCA file.
    struct PCACommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pca",
            abstract: "GANSpace: PCA of W codes sampled through the mapping network, written as DIR/NAME.npz.",
            discussion: """
                The file has the layout of e4e's ffhq_pca.pt — mean [1, D], comp [K, 1, D], std [K] — plus \
                explained_variance [K] and explained_variance_ratio [K], and loads the same way: in a directions \
                directory it gives NAME#0 … NAME#(K-1) (mode set, strength in standard deviations).
                """)

        @OptionGroup var model: ModelOptions
        @Option(parsing: .unconditional, help: "Number of sampled codes.") var samples: Int = 10_000
        @Option(parsing: .unconditional, help: "Number of principal components.") var components: Int = 80
        @Option(parsing: .unconditional, help: "Seed of z (chunk c of 4096 rows uses seed + c).") var seed: Int64 = 0
        @Option(help: "Name of the PCA file (NAME.npz; its components are NAME#k).") var name: String
        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Directory to write into (default: the first searched directory: --directions, $RESTYLE_DIRECTIONS, else ~/.local/share/restyle-edit/directions).",
                                   valueName: "dir")) var output: String?
        @OptionGroup var search: DirectionSearchOptions
        @Flag(help: "Replace an existing file of that name.") var overwrite = false

        func run() throws {
            try DirectionName.validate(name)
            guard samples >= 2 else { throw ValidationError("--samples must be at least 2, got \(samples)") }
            let url = try model.checkpointURL()
            let generator = try Generator(contentsOf: url)
            guard components >= 1 && components <= min(generator.styleDim, samples - 1) else {
                throw ValidationError("--components must be 1…\(min(generator.styleDim, samples - 1)) (min(D, samples − 1)), got \(components)")
            }
            let outputDirectory = AuthoringSupport.outputDirectory(output, search: search, checkpoint: url)
            let target = outputDirectory.appendingPathComponent("\(name).npz")
            if FileManager.default.fileExists(atPath: target.path) && !overwrite {
                throw DirectionError.pluginExists(path: target.path)
            }
            let codes = try AuthoringSupport.sampleW(generator, count: samples, seed: UInt64(bitPattern: seed))
            let pca = try PrincipalComponents(codes: codes, count: components)
            try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            try GANSpaceFile.write(pca, to: target)
            let total = pca.explainedVarianceRatio.reduce(0, +)
            print("\(samples) codes, \(components) components explain \(String(format: "%.2f", 100 * total))% of the variance")
            for k in 0..<min(components, 10) {
                print(String(format: "  %@#%d  std %.5g  variance ratio %.4f", name, k, pca.standardDeviations[k], pca.explainedVarianceRatio[k]))
            }
            print("wrote \(target.path)")
        }
    }
}
