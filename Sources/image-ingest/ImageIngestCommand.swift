import ArgumentParser

import LibC

/// The `image-ingest` command line: probe, prepare, check, put, import, undo, status and projects
/// (the sandbox is its own executable, `image-ingest-sandbox`).
@main
struct ImageIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-ingest",
        abstract: "Put image files onto SuperOffice CRM projects as each project's picture.",
        discussion: """
            Exit status: 0 every file done; 1 some files failed; 2 usage or configuration error; \
            3 authentication refused; 4 server unreachable (files left pending); 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [ProbeCommand.self, PrepareCommand.self, CheckCommand.self, PutCommand.self, ImportCommand.self, UndoCommand.self, StatusCommand.self, ProjectsCommand.self, SandboxMovedCommand.self]
    )

    /// Parses and runs the command, mapping ArgumentParser's usage failures (EX_USAGE, 64) to this tool's
    /// documented usage status, 2. Every other outcome keeps the exit status the command chose.
    static func main() async {
        // a file-size limit (ulimit -f) then fails the write with EFBIG, which the journal reports as a full disk
        // and stops on, instead of the signal killing the process between a file's upload and its record
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseCommand(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                var message = fullMessage(for: error)
                if !message.hasSuffix("\n") { message += "\n" }
                Terminal.standardErrorRaw(message)
                _exit(2)
            }
            exit(withError: error)
        }
    }

    /// Parses the command line; `probe`'s paths go around ArgumentParser (``ProbeArgumentSplitter``), so its
    /// cost grows linearly with the number of paths.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        guard arguments.first == ProbeCommand.configuration.commandName else { return try parseAsRoot(arguments) }
        let (parsed, remainingPaths) = ProbeArgumentSplitter.argumentsForParser(Array(arguments.dropFirst()))
        let command = try parseAsRoot([arguments[0]] + parsed)
        guard var probe = command as? ProbeCommand else { return command }
        probe.paths += remainingPaths
        return probe
    }
}
