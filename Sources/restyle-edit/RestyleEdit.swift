import ArgumentParser

@main
struct RestyleEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restyle-edit",
        abstract: "Invert images into StyleGAN2 W+ with ReStyle, edit along directions, regenerate.",
        subcommands: [EditImagesCommand.self, InvertCommand.self, EditCommand.self, DirectionsCommand.self,
                      GenerateCommand.self, InspectCommand.self, StudyCommand.self],
        defaultSubcommand: EditImagesCommand.self)
}
