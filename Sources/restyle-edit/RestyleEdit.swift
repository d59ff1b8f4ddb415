import ArgumentParser

@main
struct RestyleEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restyle-edit",
        abstract: "Invert images into StyleGAN2 W+ with ReStyle, edit along directions, regenerate.",
        subcommands: [InvertCommand.self, GenerateCommand.self, InspectCommand.self])
}
