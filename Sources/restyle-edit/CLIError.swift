import Workflows

/// An error the CLI reports as one sentence (no usage text): missing model, bad combination of inputs.
typealias CLIError = WorkflowError
