import ArgumentParser
import ImageIngest

/// `image-ingest status`: what an import has done, what failed and why.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what an import has done, what failed and why (from its journal).")

    @Argument(help: "The imported folder (its journal is DIR/.image-ingest/journal.sqlite).")
    var directory: String = "."

    @Option(help: ArgumentHelp("The journal file (overrides DIR).", valueName: "PATH"))
    var journal: String?

    @Flag(help: "One JSON object per journal row, then a summary object.")
    var json = false

    func run() async throws {
        let logger = CLILogger.make()
        let path = journal ?? Journal.defaultPath(forFolder: directory)
        let entries: [JournalEntry]
        do {
            entries = try await Journal.openExisting(path: path, logger: logger).allEntries()
        } catch {
            throw CLIFailure.configuration("\(error)").exit()
        }
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.state.name, default: 0] += 1 }
        if json {
            for entry in entries {
                var line = JSONLine()
                line.add("path", entry.path)
                line.add("projectId", entry.projectId)
                line.add("state", entry.state.name)
                line.add("size", entry.size)
                line.add("sha256", entry.sha256)
                line.add("attempts", entry.attempts)
                switch entry.state {
                case .uploaded(let blobId), .done(let blobId): line.add("blobId", blobId)
                case .failed(let stage, let code, let reason):
                    line.add("stage", stage.name)
                    line.add("code", code.name)
                    line.add("message", reason)
                case .pending: break
                }
                Terminal.standardOutput(line.line)
            }
            var summary = JSONLine()
            summary.add("event", "status")
            summary.add("journal", path)
            for state in ["done", "uploaded", "pending", "failed"] { summary.add(state, counts[state] ?? 0) }
            Terminal.standardOutput(summary.line)
            return
        }
        Terminal.standardOutput("journal: \(path)")
        Terminal.standardOutput("\(entries.count) files: done \(counts["done"] ?? 0), uploaded but ImageInfo not submitted "
            + "\(counts["uploaded"] ?? 0), pending \(counts["pending"] ?? 0), failed \(counts["failed"] ?? 0)")
        let failed = entries.filter { if case .failed = $0.state { true } else { false } }
        if !failed.isEmpty {
            Terminal.standardOutput("failed:")
            for entry in failed { Terminal.standardOutput("  \(entry.path) → project \(entry.projectId): \(entry.state) (attempts \(entry.attempts))") }
        }
        let unfinished = entries.filter { if case .pending = $0.state { true } else if case .uploaded = $0.state { true } else { false } }
        if !unfinished.isEmpty {
            Terminal.standardOutput("not finished (a rerun of the import finishes them):")
            for entry in unfinished { Terminal.standardOutput("  \(entry.path) → project \(entry.projectId): \(entry.state)") }
        }
    }
}
