/// An error the CLI reports as one sentence (no usage text): missing model, bad combination of inputs.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
