import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// `image-ingest import DIR`: put every image of a folder onto its project, resumably.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Put every image in a folder onto its project, resumably.",
        discussion: """
            Which file goes to which project: a --manifest CSV (path,projectId[,description,conceptualType], \
            paths relative to DIR; a header path,number or path,name reads project numbers or names), else the \
            file name: all digits (654.jpg) or digits, then -, _ or a space, then a word (654-logo.png); any other \
            name starting with digits (2024-01-05 visit.jpg, 7.5.jpg, 007 Bond.jpg, 2019 Summer party.jpg) is \
            ambiguous and not mapped; else a folder named by the project id (654/logo.png). With --match number, \
            name, foreign-key:APP/DEVICE/KEY or field:COLUMN, the key is the folder's name for a file in a folder, \
            else the whole name without its extension (by number, also the part before its first space). Every \
            key is looked up on the server before any upload: no match is noSuchProject, two or more \
            ambiguousProject, and neither is uploaded. Two files for one project fail, naming both. Every file not imported is listed with its reason (not mapped, ambiguous \
            name, not in the manifest, in a sub-folder without --recursive). A --dry-run on a terminal prints \
            the plan file by file.

            A journal (DIR/.image-ingest/journal.sqlite) records every file: a rerun skips what is done with the \
            same content, retries what failed, and finishes uploads whose ImageInfo was not submitted. Ctrl-C \
            stops starting new files and lets the in-flight ones finish. Before a project's picture is replaced it \
            is kept (DIR/.image-ingest/backups/, and its ImageInfo in the journal): image-ingest undo DIR puts it \
            back; --no-backup keeps none.

            Connection: SO_BASE_URL and SO_TICKET (+ SO_APP_TOKEN), SO_BEARER_TOKEN or SO_USERNAME/SO_PASSWORD \
            from the environment or --credentials-file. With neither a base URL nor a credential an in-process \
            sandbox is used; a credential without a base URL is a configuration error. After 3 files in a row \
            cannot connect (refused, DNS, TLS) the import stops and leaves the rest pending.

            Exit status: 0 all done, 1 some files failed, 2 usage or configuration error, 3 authentication \
            refused, 4 server unreachable (files left pending), 130 interrupted.
            """)

    @Argument(help: "The folder of images.")
    var directory: String

    @Option(help: ArgumentHelp("CSV manifest: path,projectId[,description,conceptualType].", valueName: "FILE.csv"))
    var manifest: String?

    @Option(help: ArgumentHelp(
        "How names and manifest rows name projects: id (654.jpg, the default), number (P-10042.jpg), name (Harbour crane.jpg), foreign-key:APP/DEVICE/KEY (an outside system's key) or field:COLUMN (a custom field, e.g. field:projectUdef/SuperOffice:1).",
        valueName: "MATCH"))
    var match: String?

    @Option(parsing: .unconditional,
            help: "Files in flight at once (default: sixteen per core); the memory they hold stays within --memory-budget.")
    var jobs: Int?

    @Option(name: .customLong("memory-budget"), help: ArgumentHelp("""
        Memory the files in flight may hold at once: each file's bytes plus what its decode needs, estimated \
        from its header (a progressive JPEG's whole coefficient buffer). A file that needs more runs alone. \
        Default 256MiB.
        """, valueName: "SIZE"))
    var memoryBudget: ByteSize?

    @Flag(name: [.short, .long], help: "Walk every sub-folder (default: the top level and folders named by a project id; files in other sub-folders are listed, not imported).")
    var recursive = false

    @Option(help: ArgumentHelp("The journal file (default: DIR/.image-ingest/journal.sqlite).", valueName: "PATH"))
    var journal: String?

    @Option(help: ArgumentHelp(
        "Write one CSV row a file (path, project id, number, name, outcome, code, message, blob id, bytes) as the run goes.",
        valueName: "FILE.csv"))
    var report: String?

    @Flag(help: "Redo every file, whatever the journal says.")
    var force = false

    @Flag(name: .customLong("no-backup"), help: "Keep no copy of the pictures this import replaces (undo cannot put them back).")
    var noBackup = false

    @OptionGroup var processing: ProcessingOptions
    @OptionGroup var connectionOptions: ConnectionOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if let match {
            do throws(WebAPIError) { _ = try ProjectMatch(parsing: match) } catch { throw ValidationError("--match \(match): \(error.message)") }
        }
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        var settings = FolderImportSettings()
        settings.recursive = recursive
        // a folder that is missing or is a file is an error before anything is created (with or without a server)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) else {
            throw CLIFailure.configuration("\(directory): no such folder; nothing was created or sent").exit()
        }
        guard isFolder.boolValue else {
            throw CLIFailure.configuration("\(directory): not a folder (import takes a folder; put takes one file)").exit()
        }
        // --journal naming a folder puts the journal (and the in-process sandbox's data) inside it
        settings.journalPath = journal
        settings.force = force
        settings.keepBackups = !noBackup
        settings.match = try match.map { try ProjectMatch(parsing: $0) }
        if let manifest {
            do throws(IngestError) {
                settings.manifest = try Manifest(contentsOfFile: manifest, match: settings.match)
            } catch {
                throw CLIFailure.configuration(error.message + " (--manifest)").exit()
            }
            settings.manifestPath = manifest
        }
        var options = IngestOptions()
        processing.apply(to: &options)
        if let jobs { options.concurrency = jobs }
        if let memoryBudget { options.memoryBudget = memoryBudget.bytes }

        let json = processing.json || !Terminal.standardOutputIsTerminal
        let connection = try await connectionOptions.forSubmitting(
            processing, sandboxData: SuperOfficeConnection.sandboxData(besideJournal: settings.journalFile(forFolder: directory)), logger: logger)
        settings.target = connection.journalTarget
        // a dry run with no server has nobody to ask: ids are taken as they are, other keys cannot be planned
        settings.lookUpProjects = connection.serverURL != nil
        if !settings.lookUpProjects, let match = settings.manifest?.match ?? settings.match, match != .id {
            await connection.close()
            throw CLIFailure.configuration(
                "--match \(match) looks every key up on the server, and a dry run with no server configured has none to ask: "
                    + "set SO_BASE_URL, or run without --dry-run against the in-process sandbox (--sandbox-projects FILE.csv)").exit()
        }
        // a dry run against a configured server is a plan: each project's ImageInfo is read to say what would happen
        options.planAgainstServer = processing.dryRun && connection.isConfiguredServer
        let redact = SecretRedactor(secrets: connection.secrets)
        let context = SummaryText.Context(server: connection.serverLabel, credential: connection.credentialDescription,
                                          manifest: manifest, folder: directory)
        let ingestor = Ingestor(client: connection.client, options: options)
        let unreported = ingestor.importFolder(directory, settings: settings, logger: logger)
        let folderImport = report.map { unreported.writingReport(to: $0, redact: redact) } ?? unreported
        let output = LineBuffer()
        let trap = InterruptTrap(beforeExit: { output.flushWithoutWaiting() }) {
            folderImport.stop()
            Terminal.standardError("\ninterrupted: starting no new files; letting the ones in flight finish (Ctrl-C again to quit now)")
        }
        var bar: ProgressBar? = !json && Terminal.standardErrorIsTerminal ? ProgressBar() : nil
        // a dry run on a terminal prints its plan file by file: which file would go where, or why not
        let printPlan = processing.dryRun && !json
        func show(_ line: String) {
            if bar != nil { bar?.printAbove(line) } else { Terminal.standardOutput(line) }
        }
        var summary = ImportReport()
        let eventJSON = EventJSON(connection: connection, redact: redact)
        // the projects as people know them, for the plan's lines
        var projects: [String: ProjectSummary] = [:]
        let flusher = output.flushing(every: .milliseconds(100))
        defer { flusher.cancel() }
        do throws(IngestError) {
            for try await event in folderImport {
                if json { output.append(eventJSON.line(event)) }
                switch event {
                case .planned(let files, let bytes, _, _):
                    bar?.plan(files: files, bytes: bytes)
                    if printPlan {
                        show(options.planAgainstServer
                            ? "dry run, server: \(connection.serverLabel); each project's ImageInfo is read, nothing is sent, no journal is written"
                            : "dry run, server: \(connection.serverLabel); nothing is sent, no journal is written")
                    }
                case .resolved(let path, _, let project):
                    if printPlan { projects[path] = project }
                case .done(let outcome):
                    bar?.fileFinished(bytes: outcome.bytes, failed: false)
                    if !json {
                        // what the file lost on its way (pages or frames left out) or a decoder's warning
                        for note in outcome.notes {
                            if bar != nil { bar?.printAbove("note: \(outcome.path): \(note)") } else { Terminal.standardError("note: \(outcome.path): \(note)") }
                        }
                    }
                    if printPlan { show(DryRunPlan.line(for: outcome, project: projects.removeValue(forKey: outcome.path))) }
                case .skipped(let path, let projectId, let reason):
                    if projectId != nil { bar?.fileFinished(bytes: 0, failed: false) }
                    if printPlan {
                        show(DryRunPlan.line(path: path, projectId: projectId, project: projects.removeValue(forKey: path), reason: reason))
                    }
                case .failed(let projectId, let error):
                    if projectId != nil { bar?.fileFinished(bytes: 0, failed: true) } else { bar?.failedUpFront() }
                    if !json {
                        let line = "failed: " + SummaryText.failureLine(error, redact: redact)
                        if bar != nil { bar?.printAbove(line) } else { Terminal.standardError(line) }
                    }
                case .stopped(let reason):
                    if !json, bar != nil, case .serverUnreachable = reason {
                        bar?.printAbove("the server \(connection.serverLabel) is unreachable; stopping")
                    }
                case .finished(let final):
                    summary = final
                default:
                    break
                }
            }
        } catch {
            output.flush()
            trap.cancel()
            bar?.clear()
            await connection.close()
            if error.code == .unauthorized {
                throw CLIFailure(message: redact(SummaryText.refusedCredentialLine(at: error.stage.name, credential: connection.credentialDescription, inImport: true)),
                                 status: IngestExitStatus.authenticationRefused).exit()
            }
            if let report, error.path == report, error.code == .configuration { throw CLIFailure.configuration(error.message + " (--report)").exit() }
            throw CLIFailure(message: redact(error.description), status: IngestExitStatus.usage).exit()
        }
        output.flush()
        trap.cancel()
        bar?.clear()
        await connection.close()
        for line in SummaryText.lines(for: summary, context: context, redact: redact) { Terminal.standardError(line) }
        throw ExitCode(Self.exitStatus(for: summary, interrupted: trap.fired))
    }

    static func exitStatus(for report: ImportReport, interrupted: Bool) -> Int32 {
        if case .authenticationRefused = report.stopReason { return IngestExitStatus.authenticationRefused }
        if case .serverUnreachable = report.stopReason { return IngestExitStatus.serverUnreachable }
        if interrupted { return IngestExitStatus.interrupted }
        return report.failures.isEmpty && report.notFinished == 0 ? IngestExitStatus.success : IngestExitStatus.someFailed
    }
}
