/// An error a front end reports as one sentence (no usage text): a missing model, a bad combination of inputs, an
/// output folder that cannot be written. The CLI prints it after `restyle-edit: `; the server returns it as JSON.
public struct WorkflowError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
