import ArgumentParser
import Inversion

/// `--encoder-type` and `--stage-starts`: for ReStyle checkpoints whose opts do not say what they hold. Shared by
/// every command that inverts (the main command, `invert`).
struct EncoderOptions: ParsableArguments {
    static let supportedTypes = EncoderType.allCases.filter(\.isSupported).map(\.rawValue)

    @Option(help: ArgumentHelp("Encoder class when the checkpoint has no opts (\(supportedTypes.joined(separator: ", "))).",
                               valueName: "type"))
    var encoderType: String?

    @Option(help: ArgumentHelp("Stride-2 unit indices of the encoder backbone, for small custom encoders whose keys do not reveal a stage start (e.g. 0,1,2,4).",
                               valueName: "i,j,..."))
    var stageStarts: String?

    func validate() throws {
        if let encoderType, !Self.supportedTypes.contains(encoderType) {
            throw ValidationError("--encoder-type '\(encoderType)' is not one of \(Self.supportedTypes.joined(separator: ", "))")
        }
        if let stageStarts { _ = try Self.parseStageStarts(stageStarts) }
    }

    var type: EncoderType? { encoderType.flatMap(EncoderType.init(rawValue:)) }

    func starts() throws -> [Int]? { try stageStarts.map(Self.parseStageStarts) }

    static func parseStageStarts(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw ValidationError("--stage-starts must be comma-separated unit indices such as 0,3,7,21 (got '\(text)')")
        }
        return parts.map { $0! }
    }
}
