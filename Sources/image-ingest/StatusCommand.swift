import ArgumentParser
import Foundation
import ImageIngest
import Logging
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
        let path = journal ?? Journal.defaultPath(forFolder: directory ?? ".")
        let entries: [JournalEntry]
        do {
            entries = try await Journal.openExisting(path: path, logger: logger).allEntries()
        } catch {
            throw CLIFailure.configuration("\(error)").exit()
        }
        // one history per server: the configured one (or the in-process sandbox) first, counted on its own
        let current = currentServerName()
        var byServer: [String: [JournalEntry]] = [:]
        for entry in entries { byServer[Self.serverName(entry.target), default: []].append(entry) }
        let servers = byServer.keys.sorted { lhs, rhs in
            if (lhs == current) != (rhs == current) { return lhs == current }
            let (left, right) = (byServer[lhs]!.count, byServer[rhs]!.count)
            return left != right ? left > right : lhs < rhs
        }
        // whose history the counts are: the current server's when it has rows, else the server with the most
        let subject = servers.first
        let mine = subject.map { byServer[$0]! } ?? []
        let notStarted = try folderFilesNotStarted(journaled: Set(mine.map(\.path)), journalPath: path)
        let counts = Self.counts(mine)
        let notFinished = (counts["pending"] ?? 0) + (counts["uploaded"] ?? 0) + (notStarted?.count ?? 0)
        let failed = mine.filter { if case .failed = $0.state { true } else { false } }
        if json {
            for entry in entries {
                var line = JSONLine()
                line.add("path", entry.path)
                line.add("server", Self.serverName(entry.target))
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
            summary.add("server", subject ?? current)
            summary.add("current", subject != nil && subject == current)
            for state in ["done", "uploaded", "pending", "failed"] { summary.add(state, counts[state] ?? 0) }
            summary.add("notStarted", notStarted.map(\.count))
            summary.add("notFinished", notFinished)
            var serverCounts = JSONLine()
            for server in servers { serverCounts.add(server, byServer[server]!.count) }
            summary.addRaw("servers", serverCounts.line)
            var perServer = JSONLine()
            for server in servers {
                var states = JSONLine()
                let counted = Self.counts(byServer[server]!)
                for state in ["done", "uploaded", "pending", "failed"] { states.add(state, counted[state] ?? 0) }
                perServer.addRaw(server, states.line)
            }
            summary.addRaw("byServer", perServer.line)
            Terminal.standardOutput(summary.line)
            if remote { try await compareWithServer(entries, journalPath: path, logger: logger) }
            if !failed.isEmpty { throw ExitCode(IngestExitStatus.someFailed) }
            return
        }
        Terminal.standardOutput("journal: \(path)")
        if servers.isEmpty, let current { Terminal.standardOutput("server: \(current) (current): nothing in the journal yet") }
        for server in servers {
            let counted = Self.counts(byServer[server]!)
            let label = server == current ? "server: \(server) (current)" : server == subject ? "server: \(server)" : "other server: \(server)"
            var line = "\(label): \(byServer[server]!.count) files: done \(counted["done"] ?? 0), failed \(counted["failed"] ?? 0)"
            if server == subject {
                line += ", not finished \(notFinished) (pending \(counted["pending"] ?? 0), uploaded but ImageInfo not submitted "
                    + "\(counted["uploaded"] ?? 0)" + (notStarted.map { ", not started \($0.count)" } ?? "") + ")"
            } else {
                line += ", not finished \((counted["pending"] ?? 0) + (counted["uploaded"] ?? 0))"
            }
            Terminal.standardOutput(line)
        }
        if !failed.isEmpty {
            Terminal.standardOutput("failed:")
            for entry in failed { Terminal.standardOutput("  \(entry.path) → project \(entry.projectId): \(entry.state) (attempts \(entry.attempts))") }
        }
        if let notStarted, !notStarted.isEmpty {
            Terminal.standardOutput("not started (in the folder, not yet in the journal; a rerun of the import does them):")
            for file in notStarted.prefix(20) { Terminal.standardOutput("  \(file)") }
            if notStarted.count > 20 { Terminal.standardOutput("  … and \(notStarted.count - 20) more (--json counts them)") }
        }
        let unfinished = mine.filter { if case .pending = $0.state { true } else if case .uploaded = $0.state { true } else { false } }
        if !unfinished.isEmpty {
            Terminal.standardOutput("not finished (a rerun of the import finishes them):")
            for entry in unfinished { Terminal.standardOutput("  \(entry.path) → project \(entry.projectId): \(entry.state)") }
        }
        if remote { try await compareWithServer(entries, journalPath: path, logger: logger) }
        if !failed.isEmpty { throw ExitCode(IngestExitStatus.someFailed) }
    }

    private static func counts(_ entries: [JournalEntry]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.state.name, default: 0] += 1 }
        return counts
    }

    /// The server an import would use now, named as `serverName` names journal rows: the configured base URL, or
    /// the in-process sandbox when none is configured; nil when only an online tenant's context names it.
    private func currentServerName() -> String? {
        let source: SuperOfficeSettings
        do throws(CLIFailure) {
            source = try Connection.resolve(connectionOptions, environment: ProcessInfo.processInfo.environment)
        } catch {
            // status reads the journal whatever the settings say; it only cannot tell which server is current
            Terminal.standardError("note: \(error.message); status cannot tell which server is current, so none is marked")
            return nil
        }
        guard source.hasServer(baseURLFlag: connectionOptions.baseURL) else { return Self.serverName(Connection.sandboxTargetPrefix) }
        return source.clientBaseURL(connectionOptions.baseURL)
    }

    /// `--remote`: the done rows for the configured server against what it shows now.
    private func compareWithServer(_ entries: [JournalEntry], journalPath: String, logger: Logger) async throws {
        let connection: Connection
        do throws(CLIFailure) {
            connection = try await Connection.open(
                connectionOptions, sandboxData: .init(besideJournal: journalPath), logger: logger)
        } catch {
            throw error.exit()
        }
        let target = connection.journalTarget
        let done = entries.filter { entry in
            guard entry.target == target else { return false }
            if case .done = entry.state { return true } else { return false }
        }
        let redact = SecretRedactor(secrets: connection.secrets)
        let findings: [RemoteDrift.Finding]
        do throws(WebAPIError) {
            findings = try await RemoteDrift(client: connection.client, logger: logger).compare(done)
        } catch {
            await connection.close()
            throw CLIFailure(message: "the server refused the credentials: \(redact(error.message))",
                             status: IngestExitStatus.authenticationRefused).exit()
        }
        await connection.close()
        let drift = findings.filter { $0.kind != .inStep }
        if json {
            for finding in drift {
                var line = JSONLine()
                line.add("event", "drift")
                line.add("path", finding.entry.path)
                line.add("projectId", finding.entry.projectId)
                line.add("kind", finding.kind.rawValue)
                if case .done(let blobId) = finding.entry.state { line.add("journalBlobId", blobId) }
                line.add("serverBlobId", finding.serverBlobId)
                line.add("error", finding.error.map { redact($0) })
                Terminal.standardOutput(line.line)
            }
            var summary = JSONLine()
            summary.add("event", "remote")
            summary.add("server", connection.serverURL)
            summary.add("checked", findings.count)
            summary.add("inStep", findings.count - drift.count)
            summary.add("drift", drift.count)
            Terminal.standardOutput(summary.line)
        } else {
            Terminal.standardOutput("remote: \(connection.serverLabel): \(findings.count) files done there checked, "
                + "\(findings.count - drift.count) as this project set them, \(drift.count) drifted")
            for finding in drift {
                let what = switch finding.kind {
                case .changed: "changed on the server (blob \(finding.serverBlobId ?? 0), not this file's)"
                case .removed: "removed on the server"
                case .unreadable: "could not be read: " + redact(finding.error ?? "")
                case .inStep: ""
                }
                Terminal.standardOutput("  \(finding.entry.path) → project \(finding.entry.projectId): \(what)")
            }
        }
        if !drift.isEmpty { throw ExitCode(1) }
    }

    /// The files in DIR an import would work on (same rules) that have no journal row; nil when the folder
    /// cannot be read (only `--journal` given for a folder that is gone, say).
    private func folderFilesNotStarted(journaled: Set<String>, journalPath: String) throws -> [String]? {
        var parsed: Manifest? = nil
        if let manifest {
            do throws(IngestError) {
                parsed = try Manifest(contentsOfFile: manifest)
            } catch {
                throw CLIFailure.configuration(error.message + " (--manifest)").exit()
            }
        }
        // with only --journal, the folder it belongs to is unknown: nothing to compare
        guard directory != nil || journal == nil else { return nil }
        let discovered: [DiscoveredFile]
        do throws(IngestError) {
            discovered = try FileDiscovery.discover(in: directory ?? ".", recursive: recursive)
        } catch {
            throw CLIFailure.configuration("cannot read the folder \(directory ?? "."): \(error.message)").exit()
        }
        let plan = ProjectMapper.plan(discovered: discovered, manifest: parsed)
        return plan.files.map(\.relativePath).filter { !journaled.contains($0) }
    }

    /// A journal's `target` as people read it (the embedded sandbox's is a run id).
    static func serverName(_ target: String) -> String {
        if target.hasPrefix(Connection.sandboxTargetPrefix) { return "the in-process sandbox" }
        return target.isEmpty ? "unknown (an older journal)" : target
    }
}
