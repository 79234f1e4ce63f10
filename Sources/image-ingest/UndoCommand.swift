import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox

/// `image-ingest undo DIR`: put back the pictures imports of a folder replaced.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Put back the pictures imports of a folder replaced (kept in DIR/.image-ingest/backups).",
        discussion: """
            Before an import replaces a project's picture it keeps the picture's bytes (in backups/ beside the \
            journal, fsynced) and its ImageInfo (in the journal). undo puts them back: for each project, the picture \
            of before the first selected run. A project whose picture changed since the import (by hand, or by a \
            later run not undone) is reported and left alone. A project that had no picture keeps the new one \
            unless --remove-new. Undone files are forgotten by the journal, so the next import takes them as new.

            Without --run and --file every run not undone yet is undone. The server is the one the import used \
            (the same SO_* settings, or the in-process sandbox's data beside the journal).

            Exit status: 0 every selected project is back (or kept its new picture), 1 some were changed since or \
            failed, 2 usage or configuration error (no journal, an unknown run, an import running), 3 \
            authentication refused, 4 server unreachable.
            """)

    @Argument(help: "The imported folder.")
    var directory: String

    @Option(name: .customLong("run"), help: ArgumentHelp("Only this run (the number the import's summary names); repeatable.", valueName: "ID"))
    var runs: [Int64] = []

    @Option(name: .customLong("file"), help: ArgumentHelp("Only the picture this file replaced (relative to DIR); repeatable.", valueName: "PATH"))
    var files: [String] = []

    @Flag(name: .customLong("remove-new"), help: "Also remove the pictures of projects that had none before the import.")
    var removeNew = false

    @Flag(name: .customLong("dry-run"), help: "Say what would be put back; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The journal file, or a folder holding it, as given to import (default: DIR/.image-ingest/journal.sqlite).", valueName: "PATH"))
    var journal: String?

    @Flag(help: "One JSON object a project, then a summary object.")
    var json = false

    @OptionGroup var connectionOptions: ConnectionOptions

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIFailure.configuration("\(directory): no such folder").exit()
        }
        var settings = FolderImportSettings()
        settings.journalPath = journal
        let journalFile = settings.journalFile(forFolder: directory)
        guard FileManager.default.fileExists(atPath: journalFile) else {
            throw CLIFailure.configuration("\(journalFile): no journal here, so nothing to undo (--journal PATH names another)").exit()
        }
        let connection: SuperOfficeConnection
        do throws(CLIFailure) {
            connection = try await connectionOptions.open(sandboxData: SuperOfficeConnection.sandboxData(besideJournal: journalFile), logger: logger)
        } catch {
            throw error.exit()
        }
        settings.target = connection.journalTarget
        var options = IngestOptions()
        options.dryRun = dryRun
        let ingestor = Ingestor(client: connection.client, options: options)
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let selectedFiles = files.isEmpty ? nil : Set(files.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 })
        let report: UndoReport
        do throws(IngestError) {
            report = try await ingestor.undoImport(ofFolder: directory, settings: settings, runs: runs.isEmpty ? nil : Set(runs),
                                                   paths: selectedFiles, removeNew: removeNew, logger: logger)
        } catch {
            await connection.close()
            let status = error.code == .unauthorized ? IngestExitStatus.authenticationRefused
                : error.code == .unreachable ? IngestExitStatus.serverUnreachable : IngestExitStatus.usage
            throw CLIFailure(message: error.message, status: status).exit()
        }
        await connection.close()
        if let files = selectedFiles {
            let covered = Set(report.entries.map(\.path))
            for file in files.sorted() where !covered.contains(file) {
                Terminal.standardError("\(file): no picture replaced by this file is waiting to be put back")
            }
        }
        for entry in report.entries {
            if json {
                Terminal.standardOutput(EventJSON.line(of: entry))
            } else {
                Terminal.standardOutput("\(entry.outcome) project \(entry.projectId) (\(entry.path)): \(entry.message)")
            }
        }
        let counts = UndoReport.Entry.Outcome.allCases.compactMap { outcome -> (UndoReport.Entry.Outcome, Int)? in
            let count = report.count(outcome)
            return count > 0 ? (outcome, count) : nil
        }
        if json { Terminal.standardOutput(EventJSON.line(of: report)) }
        let summary = counts.isEmpty ? "nothing to undo" : counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        Terminal.standardError((dryRun ? "undo, dry run: " : "undo: ") + summary
            + (report.count(.keptNew) > 0 ? " (--remove-new removes the new pictures)" : ""))
        if let stop = report.stoppedBy {
            Terminal.standardError("stopped: \(stop.message); run the same command again to finish")
            throw ExitCode(stop.code == .unauthorized ? IngestExitStatus.authenticationRefused : IngestExitStatus.serverUnreachable)
        }
        throw ExitCode(report.isComplete ? IngestExitStatus.success : IngestExitStatus.someFailed)
    }
}
