import ArgumentParser
import Foundation
import ImageCodecs
import ImageIngest
import Logging
import SuperOfficeWebAPI

/// `image-ingest put FILE --project N`: put one image onto one project.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Put one image onto a project as its picture.",
        discussion: """
            Reads FILE once, probes and verifies it, uploads it and submits the project's ImageInfo. \
            Connection as for import (SO_BASE_URL and a credential from the environment or --credentials-file; \
            with neither, an in-process sandbox is used; a credential without a base URL is an error).

            Exit status: 0 done, 1 the file failed, 2 usage or configuration error, 3 authentication refused, \
            4 server unreachable.
            """)

    @Argument(help: "The image file (JPEG or PNG).")
    var file: String

    @Option(parsing: .unconditional, help: "The project id (1 to 2147483647).")
    var project: Int

    @OptionGroup var processing: ProcessingOptions
    @OptionGroup var connectionOptions: ConnectionOptions

    func validate() throws {
        if let problem = ProjectIdentifier.problem(with: project) { throw ValidationError("--project \(project): \(problem)") }
    }

    func run() async throws {
        let logger = CLILogger.make(format: connectionOptions.logFormat)
        var options = IngestOptions()
        processing.apply(to: &options)
        options.concurrency = 1
        let json = processing.json || !Terminal.standardOutputIsTerminal
        let folder = (file as NSString).deletingLastPathComponent
        let connection = try await Connection.forSubmitting(
            connectionOptions, dryRun: processing.dryRun,
            sandboxData: .init(besideJournal: Journal.defaultPath(forFolder: folder.isEmpty ? "." : folder), fresh: processing.fresh),
            logger: logger)
        do throws(CLIFailure) {
            try processing.checkZip(sandbox: connection.sandbox != nil)
        } catch {
            await connection.close()
            throw error.exit()
        }
        let redact = SecretRedactor(secrets: connection.secrets)
        let ingestor = Ingestor(client: connection.client, options: options)
        let result: IngestResult
        do throws(IngestError) {
            result = try await ingestor.ingest(fileAtPath: file, projectId: project, logger: logger)
        } catch {
            await connection.close()
            // the pipeline names `file` in every error it throws; set it anyway so both lines always say `file`
            var failure = error
            failure.path = file
            if json {
                Terminal.standardOutput(EventJSON.line(for: .failed(projectId: project, error: failure),
                                                       connection: connection, redact: redact))
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
        if let skip = result.skippedBecause {
            let why = skip == .kept
                ? "the project has a picture, which --existing keep leaves"
                : "the project's picture already is this file (same sha256 and size)"
            if json {
                var line = JSONLine()
                line.add("event", "skipped")
                EventJSON.addServer(connection, to: &line)
                line.add("path", file)
                line.add("projectId", project)
                line.add("reason", skip == .kept ? "kept" : "unchangedOnServer")
                line.add("blobId", result.blobId)
                line.add("sha256", result.sha256)
                Terminal.standardOutput(line.line)
            } else {
                Terminal.standardOutput("not uploaded: \(file) → project \(project) on \(connection.serverLabel): \(why) "
                    + "(blob \(result.blobId ?? 0)); --existing replace uploads it anyway")
            }
            return
        }
        if json {
            var line = JSONLine()
            line.add("event", "done")
            EventJSON.addServer(connection, to: &line)
            line.add("path", file)
            line.add("projectId", project)
            line.add("blobId", result.blobId)
            line.add("mime", header.format.mimeType)
            line.add("width", header.width)
            line.add("height", header.height)
            line.add("originalSize", result.originalSize)
            line.add("blobSize", result.blobSize)
            line.add("isZipped", result.isZipped)
            line.add("sha256", result.sha256)
            line.add("carriedGPS", result.carriedGPS)
            line.add("uploadedWithGPS", result.uploadedWithGPS)
            EventJSON.addChanges(result.changes, to: &line)
            line.add("dryRun", options.dryRun)
            Terminal.standardOutput(line.line)
        } else {
            let source = result.sourceHeader
            let change = result.changes.resized ? ", resized from \(source.width)×\(source.height)"
                : result.changes.upright == .lossless ? ", turned upright without re-encoding"
                : result.changes.upright == .reencoded ? ", turned upright by a re-encode (its MCU grid allows no lossless turn)"
                : result.changes.metadataRemoved ? ", metadata removed" : ""
            let what = "\(header.format.mimeType) \(header.width)×\(header.height)\(change), \(result.originalSize) bytes"
                + (result.isZipped ? " (sent zipped: \(result.blobSize))" : "") + (options.verify ? ", verified" : "")
            if result.uploadedWithGPS {
                Terminal.standardError("note: \(file) carries GPS coordinates, and they went up with it (--strip-metadata removes them)")
            }
            if let blobId = result.blobId {
                Terminal.standardOutput("done: \(file) → project \(project) on \(connection.serverLabel), blob \(blobId) (\(what))")
            } else {
                Terminal.standardOutput("dry run: \(file) would go to project \(project) on \(connection.serverLabel) (\(what))")
            }
        }
    }
}
