import ArgumentParser

/// The command tree. Started by `CommandLineEntry` (typo checks, one error format, exit codes).
struct RestyleEdit: ParsableCommand {
    static let version = "0.4.0"

    static let configuration = CommandConfiguration(
        commandName: "restyle-edit",
        abstract: "Invert images into StyleGAN2 W+ with ReStyle, edit along directions, regenerate.",
        discussion: """
        Exit codes: 0 success; 64 a usage error (bad option, value or combination: nothing was done); 1 the work \
        failed or some inputs were skipped (each named on standard error; the good results are kept). Errors are \
        printed as "restyle-edit: error: …", warnings as "restyle-edit: warning: …".
        """,
        version: "restyle-edit \(version)",
        subcommands: [EditImagesCommand.self, InvertCommand.self, AlignCommand.self, EditCommand.self, DirectionsCommand.self,
                      GenerateCommand.self, InspectCommand.self, StudyCommand.self, ServeCommand.self],
        defaultSubcommand: EditImagesCommand.self)
}
