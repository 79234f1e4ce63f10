import ArgumentParser

/// The `image-ingest` command line: probe, put, import, status and sandbox.
@main
struct ImageIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-ingest",
        abstract: "Put image files onto SuperOffice CRM projects as each project's picture.",
        version: "0.1.0",
        subcommands: [ProbeCommand.self, PutCommand.self, ImportCommand.self, StatusCommand.self, SandboxCommand.self]
    )
}
