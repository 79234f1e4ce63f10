import ArgumentParser
import Foundation
import ImageCodecs
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// `image-ingest put FILE --project N`: put one image onto one project.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Put one image onto a project as its picture.",
        discussion: """
            Reads FILE once, probes and verifies it, uploads it and submits the project's ImageInfo. The project: \
            --project ID, or --project-number / --project-name (looked up on the server first; a number or name \
            that no project or several projects have is refused), or --match with --project-key, or --match alone \
            (the key is FILE's name without its extension, as import reads names). \
            Connection as for import (SO_BASE_URL and a credential from the environment or --credentials-file; \
            with neither, an in-process sandbox is used; a credential without a base URL is an error).

            Exit status: 0 done, 1 the file failed, 2 usage or configuration error, 3 authentication refused, \
            4 server unreachable.
            """)

    @Argument(help: "The image file (JPEG or PNG).")
    var file: String

    @Option(parsing: .unconditional, help: "The project id (1 to 2147483647).")
    var project: Int?

    @Option(name: .customLong("project-number"), help: ArgumentHelp("The project's number, as the CRM shows it.", valueName: "NUMBER"))
    var projectNumber: String?

    @Option(name: .customLong("project-name"), help: ArgumentHelp("The project's name (compared case-insensitively).", valueName: "NAME"))
    var projectName: String?

    @Option(name: .customLong("project-key"), help: ArgumentHelp(
        "The project's key for --match foreign-key:APP/DEVICE/KEY or field:COLUMN.", valueName: "KEY"))
    var projectKey: String?

    @Option(help: ArgumentHelp(
        "How --project-key (or, without it, FILE's name) names the project: id, number, name, foreign-key:APP/DEVICE/KEY or field:COLUMN.",
        valueName: "MATCH"))
    var match: String?

    @OptionGroup var processing: ProcessingOptions
    @OptionGroup var connectionOptions: ConnectionOptions

    func validate() throws {
        if let project, let problem = ProjectIdentifier.problem(with: project) { throw ValidationError("--project \(project): \(problem)") }
        _ = try target()
    }

    /// Which project the flags name: an id, a key and how it names the project, or FILE's name and how it does.
    enum Target {
        case id(Int)
        case key(String, ProjectMatch)
        case fileName(ProjectMatch)
    }

    func target() throws(ValidationError) -> Target {
        let given = [project != nil, projectNumber != nil, projectName != nil, projectKey != nil].filter { $0 }.count
        guard given <= 1 else {
            throw ValidationError("name the project once: --project, --project-number, --project-name or --project-key")
        }
        var parsed: ProjectMatch? = nil
        if let match {
            do throws(WebAPIError) { parsed = try ProjectMatch(parsing: match) } catch {
                throw ValidationError("--match \(match): \(error.message)")
            }
        }
        if let project {
            guard parsed == nil || parsed == .id else { throw ValidationError("--project takes an id; --match \(match ?? "") needs --project-key") }
            return .id(project)
        }
        if let projectNumber {
            guard parsed == nil || parsed == .number else { throw ValidationError("--project-number and --match \(match ?? "") disagree") }
            return .key(projectNumber, .number)
        }
        if let projectName {
            guard parsed == nil || parsed == .name else { throw ValidationError("--project-name and --match \(match ?? "") disagree") }
            return .key(projectName, .name)
        }
        guard let parsed else {
            throw ValidationError(projectKey == nil
                ? "name the project: --project ID, --project-number NUMBER, --project-name NAME, or --match with --project-key KEY"
                : "--project-key needs --match foreign-key:APP/DEVICE/KEY or --match field:COLUMN (or id, number, name)")
        }
        return projectKey.map { .key($0, parsed) } ?? .fileName(parsed)
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        var options = IngestOptions()
        processing.apply(to: &options)
        let json = processing.json || !Terminal.standardOutputIsTerminal
        let folder = (file as NSString).deletingLastPathComponent
        let connection = try await connectionOptions.forSubmitting(
            processing, sandboxData: SuperOfficeConnection.sandboxData(besideJournal: FolderImportSettings().journalFile(forFolder: folder.isEmpty ? "." : folder)),
            logger: logger)
        let redact = SecretRedactor(secrets: connection.secrets)
        let ingestor = Ingestor(client: connection.client, options: options)
        let result: IngestResult
        var project = 0
        var found: ProjectSummary? = nil
        let target = try self.target()
        do throws(IngestError) {
            switch target {
            case .id(let id):
                project = id
            case .key(_, let match), .fileName(let match):
                if connection.serverURL == nil {
                    // a dry run with no server: nobody to ask
                    throw IngestError(stage: .resolve, code: .configuration,
                                      message: "finding a project by \(match) needs a server, and a dry run with none configured has "
                                        + "none to ask: set SO_BASE_URL, or run without --dry-run against the in-process sandbox")
                }
                let summary = if case .key(let key, _) = target {
                    try await ingestor.project(key: key, by: match, logger: logger)
                } else {
                    try await ingestor.project(forFile: file, by: match, logger: logger)
                }
                found = summary
                project = summary.projectId
            }
            result = try await ingestor.ingest(fileAtPath: file, projectId: project, logger: logger)
        } catch {
            await connection.close()
            // the pipeline names `file` in every error it throws; set it anyway so both lines always say `file`
            var failure = error
            failure.path = file
            if json {
                Terminal.standardOutput(EventJSON(connection: connection, redact: redact)
                    .line(.failed(projectId: project == 0 ? nil : project, error: failure)))
            }
            Terminal.standardError("server: \(connection.serverLabel)")
            if error.code == .unauthorized {
                Terminal.standardError("failed: " + redact(SummaryText.refusedCredentialLine(at: error.stage.name, credential: connection.credentialDescription)))
                throw ExitCode(IngestExitStatus.authenticationRefused)
            }
            Terminal.standardError("failed: " + SummaryText.failureLine(failure, redact: redact))
            if error.code == .unreachable {
                Terminal.standardError("the server \(connection.serverLabel) is unreachable; check SO_BASE_URL (or --base-url) and the network")
                throw ExitCode(IngestExitStatus.serverUnreachable)
            }
            throw ExitCode(IngestExitStatus.someFailed)
        }
        await connection.close()
        let header = result.header
        let projectText = DryRunPlan.label(project, found)
        if let skip = result.skippedBecause {
            let kept = if case .keptExisting = skip { true } else { false }
            let why = kept
                ? "the project has a picture, which --existing keep leaves"
                : "the project's picture already is this file (same sha256 and size)"
            if json {
                let skipped = ImportEvent.skipped(path: file, projectId: project, reason: skip)
                Terminal.standardOutput(EventJSON(connection: connection, redact: redact)
                    .line(skipped, server: true, project: found, sha256: result.sha256))
            } else {
                Terminal.standardOutput("not uploaded: \(file) → project \(projectText) on \(connection.serverLabel): \(why) "
                    + "(blob \(result.blobId ?? 0)); --existing replace uploads it anyway")
            }
            return
        }
        if json {
            // the import's `done` (or `wouldSubmit`) event, with the server and the project looked up
            Terminal.standardOutput(EventJSON(connection: connection, redact: redact).line(.done(result), server: true, project: found))
        } else {
            let source = result.sourceHeader
            let converted = result.changes.convertedFrom.map { ", converted from \($0.name)" } ?? ""
            let change = converted + (result.changes.resized ? ", resized from \(source.width)×\(source.height)"
                : result.changes.upright == .lossless ? ", turned upright without re-encoding"
                : result.changes.upright == .reencoded ? ", turned upright by a re-encode (its MCU grid allows no lossless turn)"
                : result.changes.metadataRemoved && converted.isEmpty ? ", metadata removed" : "")
            let what = "\(header.format.mimeType) \(header.width)×\(header.height)\(change), \(result.originalSize) bytes"
                + (result.isZipped ? " (sent zipped: \(result.blobSize))" : "") + (options.verify ? ", verified" : "")
            for note in result.notes { Terminal.standardError("note: \(file): \(note)") }
            if result.uploadedWithGPS {
                Terminal.standardError("note: \(file) carries GPS coordinates, and they went up with it (--strip-metadata removes them)")
            }
            if let blobId = result.blobId {
                Terminal.standardOutput("done: \(file) → project \(projectText) on \(connection.serverLabel), blob \(blobId) (\(what))")
            } else {
                Terminal.standardOutput("dry run: \(file) would go to project \(projectText) on \(connection.serverLabel) (\(what))")
            }
        }
    }
}
