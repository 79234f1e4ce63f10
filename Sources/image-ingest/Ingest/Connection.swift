import Foundation
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// The connection flags as the library's ``SuperOfficeConnection`` takes them, and its errors as the command line
/// says them (with the flag that fixes each, and its exit status).
extension ConnectionOptions {
    /// Reads the settings (environment, then `--credentials-file`), prints their warnings and likely typos, and
    /// refuses the ones that would send work somewhere unintended (a credential without a server).
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIFailure) -> SuperOfficeSettings {
        let settings: SuperOfficeSettings
        do throws(SettingsError) {
            settings = try SuperOfficeSettings(environment: environment, credentialsFile: credentialsFile)
            for warning in settings.warnings { Terminal.standardError(warning) }
            try settings.checkServer(baseURLFlag: baseURL, credentialsFile: credentialsFile)
        } catch {
            throw CLIFailure(error)
        }
        for typo in settings.likelyTypos { Terminal.standardError("warning: \(typo.seen) is set: did you mean \(typo.meant)?") }
        return settings
    }

    /// Opens the configured server, or, with nothing configured, the in-process sandbox (keeping what it is sent in
    /// `sandboxData`, emptied first when `fresh`), and says on stderr when it is the sandbox.
    func open(settings resolved: SuperOfficeSettings? = nil, sandboxData: String? = nil, fresh: Bool = false, dryRun: Bool = false,
              logger: Logger) async throws(CLIFailure) -> SuperOfficeConnection {
        let settings: SuperOfficeSettings
        if let resolved { settings = resolved } else { settings = try self.settings() }
        var options = SuperOfficeConnection.Options()
        options.baseURL = baseURL
        options.allowInsecureHTTP = insecureHttp
        options.requestsPerSecond = requestsPerSecond
        options.requestTimeout = requestTimeoutDuration
        options.sandboxProjects = sandboxProjects
        options.sandboxDataPath = sandboxData
        options.freshSandbox = fresh
        options.dryRun = dryRun
        options.credentialsFile = credentialsFile
        if options.usesEmbeddedSandbox(settings) {
            // said before the sandbox starts, so that a sandbox that cannot start is not taken for a server
            Terminal.standardError("no server and no credential configured: submitting to an in-process sandbox; nothing leaves this machine")
        }
        let connection: SuperOfficeConnection
        do throws(SuperOfficeConnectionError) {
            connection = try await SuperOfficeConnection.open(settings: settings, options: options, logger: logger)
        } catch {
            throw failure(error, settings: settings, sandboxData: sandboxData, fresh: fresh, dryRun: dryRun)
        }
        if let sandbox = connection.sandbox {
            if let catalogue = sandbox.configuration.projects {
                Terminal.standardError("the in-process sandbox has the \(catalogue.projects.count) projects of \(sandboxProjects ?? "")")
            }
            if let sandboxData {
                let kept = await sandbox.pictureCount()
                Terminal.standardError(
                    "it keeps what it is sent in \(sandboxData) (\(kept) project\(kept == 1 ? "" : "s") with a picture so far; "
                        + "--fresh starts it empty; look at them with: image-ingest-sandbox --data \(sandboxData))")
            }
        }
        return connection
    }

    /// The connection's error as the command line says it.
    private func failure(
        _ error: SuperOfficeConnectionError, settings: SuperOfficeSettings, sandboxData: String?, fresh: Bool, dryRun: Bool
    ) -> CLIFailure {
        switch error.code {
        case .invalidSettings:
            return error.settingsError.map(CLIFailure.init) ?? .configuration(error.message)
        case .invalidBaseURL:
            return .configuration("\(error.message) (--base-url or SO_BASE_URL)")
        case .insecureTransport:
            return .configuration("\(error.message): use https, or pass --insecure-http if that network is trusted")
        case .sandboxOptionMisplaced:
            if dryRun, fresh { return .configuration("--fresh empties the in-process sandbox, and a dry run uses none") }
            return .configuration((sandboxProjects != nil ? "--sandbox-projects describes" : "--fresh empties")
                + " the in-process sandbox, and a server is configured: nothing was sent")
        case .invalidSandboxCatalogue:
            return .configuration("\(error.message) (--sandbox-projects)")
        case .sandboxUnavailable:
            return .configuration("cannot start the in-process sandbox: \(error.message)"
                + (sandboxData != nil ? " (--journal PATH keeps the journal and the sandbox's data in another folder)" : ""))
        case .authenticationRefused:
            return CLIFailure(message: "authentication refused: \(error.message); from \(settings.credentialDescription ?? "the settings"). "
                + "Nothing was sent to the tenant", status: IngestExitStatus.authenticationRefused)
        default:
            let notRunning = error.webAPIError?.code == .tenantNotRunning
            return CLIFailure(message: error.message + (notRunning ? "" : "; nothing was sent"), status: IngestExitStatus.serverUnreachable)
        }
    }

    /// The connection `put` and `import` submit through (a dry run's plan reads a configured server, and starts no
    /// sandbox), checked against `processing`'s `--zip`; a failure is the command's exit.
    func forSubmitting(_ processing: ProcessingOptions, sandboxData: String, logger: Logger) async throws -> SuperOfficeConnection {
        do throws(CLIFailure) {
            let connection = try await open(sandboxData: sandboxData, fresh: processing.fresh, dryRun: processing.dryRun, logger: logger)
            do throws(CLIFailure) {
                try processing.checkZip(sandbox: connection.sandbox != nil)
            } catch {
                await connection.close()
                throw error
            }
            return connection
        } catch {
            throw error.exit()
        }
    }
}

extension SuperOfficeConnection {
    /// The in-process sandbox's data beside the journal at `journalPath` (`DIR/.image-ingest/sandbox.sqlite` by default).
    static func sandboxData(besideJournal journalPath: String) -> String {
        let folder = (journalPath as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/sandbox.sqlite"
    }
}
