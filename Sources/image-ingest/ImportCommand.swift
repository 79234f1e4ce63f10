import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeWebAPI

/// `image-ingest import DIR`: put every image of a folder onto its project, resumably.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Put every image in a folder onto its project, resumably.",
        discussion: """
            Which file goes to which project: a --manifest CSV (path,projectId[,description,conceptualType], \
            paths relative to DIR), else the file name's leading digits (654.jpg, 654-logo.png), else a folder \
            named by the project id (654/logo.png). Two files for one project fail, naming both; files that map \
            to no project are listed.

            A journal (DIR/.image-ingest/journal.sqlite) records every file: a rerun skips what is done with the \
            same content, retries what failed, and finishes uploads whose ImageInfo was not submitted. Ctrl-C \
            stops starting new files and lets the in-flight ones finish.

            Connection: SO_BASE_URL and SO_TICKET (+ SO_APP_TOKEN), SO_BEARER_TOKEN or SO_USERNAME/SO_PASSWORD \
            from the environment or --credentials-file. Without a base URL an in-process sandbox is used.

            Exit status: 0 all done, 1 some files failed, 2 usage or configuration error, 3 authentication \
            refused, 130 interrupted.
            """)

    @Argument(help: "The folder of images.")
    var directory: String

    @Option(help: ArgumentHelp("CSV manifest: path,projectId[,description,conceptualType].", valueName: "FILE.csv"))
    var manifest: String?

    @Option(help: "Files in flight at once (default: sixteen per core); the memory they hold stays within --memory-budget.")
    var jobs: Int?

    @Option(name: .customLong("memory-budget"), help: ArgumentHelp("""
        Memory the files in flight may hold at once: each file's bytes plus what its decode needs, estimated \
        from its header (a progressive JPEG's whole coefficient buffer). A file that needs more runs alone. \
        Default 256MiB.
        """, valueName: "SIZE"))
    var memoryBudget: ByteSize?

    @Flag(help: "Walk every sub-folder (default: the top level and folders named by a project id).")
    var recursive = false

    @Option(help: ArgumentHelp("The journal file (default: DIR/.image-ingest/journal.sqlite).", valueName: "PATH"))
    var journal: String?

    @Flag(help: "Redo every file, whatever the journal says.")
    var force = false

    @OptionGroup var processing: ProcessingOptions
    @OptionGroup var connectionOptions: ConnectionOptions

    func run() async throws {
        let logger = CLILogger.make()
        if let jobs, jobs < 1 { throw CLIFailure.configuration("--jobs must be at least 1").exit() }
        var settings = FolderImportSettings()
        settings.recursive = recursive
        settings.journalPath = journal
        settings.force = force
        if let manifest {
            guard let data = FileManager.default.contents(atPath: manifest) else {
                throw CLIFailure.configuration("cannot read the manifest \(manifest)").exit()
            }
            do throws(IngestError) {
                settings.manifest = try Manifest(csv: String(decoding: data, as: UTF8.self), source: manifest)
            } catch {
                throw CLIFailure.configuration(error.message).exit()
            }
            settings.manifestPath = manifest
        }
        var options = IngestOptions()
        processing.apply(to: &options)
        if let jobs { options.concurrency = jobs }
        if let memoryBudget { options.memoryBudget = memoryBudget.bytes }

        let json = processing.json || !Terminal.standardOutputIsTerminal
        let connection = try await Connection.forSubmitting(connectionOptions, dryRun: processing.dryRun, logger: logger)
        do throws(CLIFailure) {
            try processing.checkZip(sandbox: connection.sandbox != nil)
        } catch {
            await connection.close()
            throw error.exit()
        }
        if connection.sandbox != nil {
            // each embedded sandbox starts empty: nothing a journal says about an earlier one holds for it
            settings.target = "in-process-sandbox:\(UUID().uuidString)"
        }
        let redact = Redactor(secrets: connection.secrets)
        let ingestor = Ingestor(client: connection.client, options: options)
        let folderImport = ingestor.importFolder(directory, settings: settings, logger: logger)
        let trap = InterruptTrap {
            folderImport.stop()
            Terminal.standardError("\ninterrupted: starting no new files; letting the ones in flight finish (Ctrl-C again to quit now)")
        }
        var bar: ProgressBar? = !json && Terminal.standardErrorIsTerminal ? ProgressBar() : nil
        var report = ImportReport()
        do throws(IngestError) {
            for try await event in folderImport {
                if json { Terminal.standardOutput(EventJSON.line(for: event, redact: redact)) }
                switch event {
                case .planned(let files, let bytes, _, _):
                    bar?.plan(files: files, bytes: bytes)
                case .done(let outcome):
                    bar?.fileFinished(bytes: outcome.bytes, failed: false)
                case .skipped(_, let projectId, _):
                    if projectId != nil { bar?.fileFinished(bytes: 0, failed: false) }
                case .failed(let projectId, let error):
                    if projectId != nil { bar?.fileFinished(bytes: 0, failed: true) } else { bar?.failedUpFront() }
                    if !json {
                        let line = "failed: " + SummaryText.failureLine(error, redact: redact)
                        if bar != nil { bar?.printAbove(line) } else { Terminal.standardError(line) }
                    }
                case .finished(let final):
                    report = final
                default:
                    break
                }
            }
        } catch {
            trap.cancel()
            bar?.clear()
            await connection.close()
            let status = error.code == .unauthorized ? IngestExitStatus.authenticationRefused : IngestExitStatus.usage
            throw CLIFailure(message: redact(error.description), status: status).exit()
        }
        trap.cancel()
        bar?.clear()
        await connection.close()
        for line in SummaryText.lines(for: report, redact: redact) { Terminal.standardError(line) }
        throw ExitCode(Self.exitStatus(for: report, interrupted: trap.fired))
    }

    static func exitStatus(for report: ImportReport, interrupted: Bool) -> Int32 {
        if case .authenticationRefused = report.stopReason { return IngestExitStatus.authenticationRefused }
        if interrupted { return IngestExitStatus.interrupted }
        return report.failures.isEmpty && report.notFinished == 0 ? IngestExitStatus.success : IngestExitStatus.someFailed
    }
}
