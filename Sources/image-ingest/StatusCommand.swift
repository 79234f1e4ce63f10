import ArgumentParser
import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// `image-ingest status`: what an import has done, what failed and why.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what an import has done, what failed and why (from its journal), and what it has not started.",
        discussion: """
            Compares the folder with the journal: files the import would map that have no journal row are \
            counted as not started (pass the same --manifest and --recursive as the import). Names the server \
            each file was submitted to.

            --remote also reads, for each file done on the configured server (or the in-process sandbox's data \
            beside the journal), the project's ImageInfo there now, and lists drift: pictures changed or removed \
            on the server since this project set them (exit 1 when there is drift).
            """)

    @Argument(help: "The imported folder (default: the current folder; its journal is DIR/.image-ingest/journal.sqlite).")
    var directory: String?

    @Option(help: ArgumentHelp("The journal file (overrides DIR).", valueName: "PATH"))
    var journal: String?

    @Option(help: ArgumentHelp("The manifest the import uses, to tell which files it would import.", valueName: "FILE.csv"))
    var manifest: String?

    @Flag(name: [.short, .long], help: "Look in every sub-folder, as import --recursive does.")
    var recursive = false

    @Flag(help: "One JSON object per journal row, then a summary object.")
    var json = false

    @Flag(help: "Compare the journal with the server: list pictures changed on the server since this project set them.")
    var remote = false

    @OptionGroup var connectionOptions: ConnectionOptions

    func run() async throws {
        let logger = CLILogger.make()
        var settings = FolderImportSettings()
        settings.journalPath = journal
        settings.recursive = recursive
        if let manifest {
            do throws(IngestError) {
                settings.manifest = try Manifest(contentsOfFile: manifest)
            } catch {
                throw CLIFailure.configuration(error.message + " (--manifest)").exit()
            }
        }
        // one history per server: the configured one (or the in-process sandbox) first, counted on its own
        let current = currentServerName()
        let status: ImportReport
        do throws(IngestError) {
            status = try await Ingestor.status(ofFolder: directory, settings: settings, currentServer: current, logger: logger)
        } catch where error.stage == .discover {
            throw CLIFailure.configuration("cannot read the folder \(directory ?? "."): \(error.message)").exit()
        } catch {
            throw CLIFailure.configuration("\(error)").exit()
        }
        let path = settings.journalFile(forFolder: directory ?? ".")
        let subject = status.server
        let failed = status.records.filter { $0.server == subject && $0.state == .failed }
        if json {
            for record in status.records { Terminal.standardOutput(EventJSON.line(of: record)) }
            Terminal.standardOutput(EventJSON.line(of: status.statusSummary(journal: path, currentServer: current)))
        } else {
            printText(status, journal: path, current: current)
        }
        if remote { try await compareWithServer(status, journalPath: path, logger: logger) }
        if !failed.isEmpty { throw ExitCode(IngestExitStatus.someFailed) }
    }

    private func printText(_ status: ImportReport, journal path: String, current: String?) {
        Terminal.standardOutput("journal: \(path)")
        let subject = status.server
        if status.servers.isEmpty, let current { Terminal.standardOutput("server: \(current) (current): nothing in the journal yet") }
        for server in status.servers {
            let label = server == current ? "server: \(server) (current)" : server == subject ? "server: \(server)" : "other server: \(server)"
            var line = "\(label): \(status.records.count { $0.server == server }) files: done \(status.count(.done, server: server)), "
                + "failed \(status.count(.failed, server: server))"
            let (pending, uploaded) = (status.count(.pending, server: server), status.count(.uploaded, server: server))
            if server == subject {
                line += ", not finished \(status.notFinished) (pending \(pending), uploaded but ImageInfo not submitted \(uploaded)"
                    + (status.notStarted.map { ", not started \($0.count)" } ?? "") + ")"
            } else {
                line += ", not finished \(pending + uploaded)"
            }
            Terminal.standardOutput(line)
        }
        let mine = status.records.filter { $0.server == subject }
        let failed = mine.filter { $0.state == .failed }
        if !failed.isEmpty {
            Terminal.standardOutput("failed:")
            for record in failed {
                Terminal.standardOutput("  \(record.path) → project \(record.projectId): \(record.stateDescription) (attempts \(record.attempts))")
            }
        }
        if let notStarted = status.notStarted, !notStarted.isEmpty {
            Terminal.standardOutput("not started (in the folder, not yet in the journal; a rerun of the import does them):")
            for file in notStarted.prefix(20) { Terminal.standardOutput("  \(file)") }
            if notStarted.count > 20 { Terminal.standardOutput("  … and \(notStarted.count - 20) more (--json counts them)") }
        }
        let unfinished = mine.filter { $0.state == .pending || $0.state == .uploaded }
        if !unfinished.isEmpty {
            Terminal.standardOutput("not finished (a rerun of the import finishes them):")
            for record in unfinished { Terminal.standardOutput("  \(record.path) → project \(record.projectId): \(record.stateDescription)") }
        }
    }

    /// The server an import would use now, named as journal rows are: the configured base URL, or the in-process
    /// sandbox when none is configured; nil when only an online tenant's context names it.
    private func currentServerName() -> String? {
        let source: SuperOfficeSettings
        do throws(CLIFailure) {
            source = try connectionOptions.settings()
        } catch {
            // status reads the journal whatever the settings say; it only cannot tell which server is current
            Terminal.standardError("note: \(error.message); status cannot tell which server is current, so none is marked")
            return nil
        }
        guard source.hasServer(baseURLFlag: connectionOptions.baseURL) else {
            return FolderImportSettings.serverName(ofTarget: FolderImportSettings.inProcessSandboxTargetPrefix)
        }
        return source.clientBaseURL(connectionOptions.baseURL)
    }

    /// `--remote`: the done rows for the configured server against what it shows now.
    private func compareWithServer(_ status: ImportReport, journalPath: String, logger: Logger) async throws {
        let connection: SuperOfficeConnection
        do throws(CLIFailure) {
            connection = try await connectionOptions.open(sandboxData: SuperOfficeConnection.sandboxData(besideJournal: journalPath), logger: logger)
        } catch {
            throw error.exit()
        }
        let redact = SecretRedactor(secrets: connection.secrets)
        let checked: [ImportReport.FileRecord]
        do throws(IngestError) {
            checked = try await Ingestor(client: connection.client).drift(of: status, target: connection.journalTarget, logger: logger)
        } catch {
            await connection.close()
            let words = if case .webAPI(let cause) = error.cause { cause.message } else { error.message }
            throw CLIFailure(message: "the server refused the credentials: \(redact(words))",
                             status: IngestExitStatus.authenticationRefused).exit()
        }
        await connection.close()
        let drift = checked.filter { $0.drift != .inStep }
        if json {
            for record in drift { Terminal.standardOutput(EventJSON.line(of: record.driftLine, redact: redact)) }
            var summary = JSONLine()
            summary.add("event", "remote")
            summary.add("server", connection.serverURL)
            summary.add("checked", checked.count)
            summary.add("inStep", checked.count - drift.count)
            summary.add("drift", drift.count)
            Terminal.standardOutput(summary.line)
        } else {
            Terminal.standardOutput("remote: \(connection.serverLabel): \(checked.count) files done there checked, "
                + "\(checked.count - drift.count) as this project set them, \(drift.count) drifted")
            for record in drift {
                let what = switch record.drift {
                case .changed: "changed on the server (blob \(record.serverBlobId ?? 0), not this file's)"
                case .removed: "removed on the server"
                case .unreadable: "could not be read: " + redact(record.driftErrorDescription ?? "")
                case .inStep, nil: ""
                }
                Terminal.standardOutput("  \(record.path) → project \(record.projectId): \(what)")
            }
        }
        if !drift.isEmpty { throw ExitCode(1) }
    }
}
