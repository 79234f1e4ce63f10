import Foundation
import Logging
import ImageIngest
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// The WebAPI client `put`, `import` and `check` use, and the in-process sandbox behind it when nothing at
/// all is configured.
struct Connection {
    /// The one line printed on stderr when the embedded sandbox is used.
    static let sandboxNotice = "no server and no credential configured: submitting to an in-process sandbox; nothing leaves this machine"

    let client: SuperOfficeClient
    let sandbox: SandboxServer?
    /// Values that must never be printed.
    let secrets: [String]
    /// Which variables hold the credential and where they came from (never the values); nil for the sandbox.
    let credentialDescription: String?

    /// The server as people should read it: the base URL, marked when it is the embedded sandbox.
    let serverLabel: String

    /// The server for JSON output: its base URL, nil for a dry run with no server configured (whose client is
    /// a placeholder that is never called).
    let serverURL: String?

    /// Whether this is a configured server (not the embedded sandbox, not a dry run's placeholder).
    var isConfiguredServer: Bool { sandbox == nil && serverURL != nil }

    /// What the journal keys this server's rows on: the base URL, or for the embedded sandbox the identity of
    /// its data (a journal row for it holds while the data does; `--fresh` makes new data).
    var journalTarget: String {
        guard let sandbox else { return client.baseURL }
        return FolderImportSettings.inProcessSandboxTargetPrefix + (sandbox.storeIdentity ?? sandbox.baseURL)
    }

    /// Where the embedded sandbox keeps what it was sent, and whether to start it empty.
    struct EmbeddedSandboxData {
        /// The SQLite file, e.g. `Samples/.image-ingest/sandbox.sqlite`.
        var path: String
        /// `--fresh`: remove it first.
        var fresh: Bool

        /// The data beside the journal at `journalPath` (`DIR/.image-ingest/sandbox.sqlite` by default).
        init(besideJournal journalPath: String, fresh: Bool = false) {
            let folder = (journalPath as NSString).deletingLastPathComponent
            path = (folder.isEmpty ? "." : folder) + "/sandbox.sqlite"
            self.fresh = fresh
        }
    }

    /// Resolves flags, environment and credentials file (unless `source` is already resolved); starts the
    /// sandbox only when neither a server nor a credential is configured, keeping its data in `sandboxData`
    /// when given.
    static func open(_ options: ConnectionOptions, source resolved: SuperOfficeSettings? = nil,
                     environment: [String: String] = ProcessInfo.processInfo.environment,
                     sandboxData: EmbeddedSandboxData? = nil, logger: Logger) async throws(CLIFailure) -> Connection {
        let source: SuperOfficeSettings
        if let resolved { source = resolved } else { source = try resolve(options, environment: environment) }
        let tenant: OnlineTenant?
        do throws(SettingsError) {
            tenant = options.baseURL ?? source.baseURL == nil ? try source.onlineTenant() : nil
        } catch {
            throw CLIFailure(error)
        }
        guard options.baseURL ?? source.baseURL != nil || tenant != nil else {
            Terminal.standardError(sandboxNotice)
            let sandbox: SandboxServer
            do throws(SandboxError) {
                sandbox = try await SandboxServer.startEmbedded(
                    dataPath: sandboxData?.path, fresh: sandboxData?.fresh ?? false, projects: try sandboxCatalogue(options), logger: logger)
            } catch where error.code == .invalidProjectCatalogue {
                throw .configuration("\(error.message) (--sandbox-projects)")
            } catch {
                throw .configuration("cannot start the in-process sandbox: \(error.message)"
                    + (sandboxData != nil ? " (--journal PATH keeps the journal and the sandbox's data in another folder)" : ""))
            }
            if let catalogue = sandbox.configuration.projects {
                Terminal.standardError("the in-process sandbox has the \(catalogue.projects.count) projects of \(options.sandboxProjects ?? "")")
            }
            if let sandboxData {
                let kept = await sandbox.pictureCount()
                Terminal.standardError(
                    "it keeps what it is sent in \(sandboxData.path) (\(kept) project\(kept == 1 ? "" : "s") with a picture so far; "
                        + "--fresh starts it empty; look at them with: image-ingest-sandbox --data \(sandboxData.path))")
            }
            var configuration = sandbox.clientConfiguration
            configuration.requestsPerSecond = options.requestsPerSecond.flatMap { $0 > 0 ? $0 : nil }
            if let timeout = options.requestTimeoutDuration { configuration.requestTimeout = timeout }
            let client = try makeClient(configuration)
            return Connection(client: client, sandbox: sandbox, secrets: source.secrets,
                              credentialDescription: nil,
                              serverLabel: "\(sandbox.baseURL) (the in-process sandbox; nothing leaves this machine)",
                              serverURL: client.baseURL)
        }
        if options.sandboxProjects != nil {
            throw .configuration("--sandbox-projects describes the in-process sandbox, and a server is configured: nothing was sent")
        }
        var configuration: SuperOfficeClientConfiguration
        do throws(SettingsError) {
            configuration = try source.clientConfiguration(baseURL: options.baseURL)
        } catch {
            throw CLIFailure(error)
        }
        let provider = configuration.credentialProvider
        configuration.allowInsecureHTTP = options.insecureHttp
        if let rate = options.requestsPerSecond { configuration.requestsPerSecond = rate > 0 ? rate : nil }
        if let timeout = options.requestTimeoutDuration { configuration.requestTimeout = timeout }
        let client = try makeClient(configuration)
        if !(provider is Credentials) || tenant != nil {
            // look the tenant up and log in now, so a refused key or token stops the run before any work
            do {
                try await client.resolveBaseURL(logger: logger)
            } catch {
                let redact = SecretRedactor(secrets: source.secrets)
                let message = redact(error.message)
                switch error.code {
                case .unauthorized:
                    throw CLIFailure(
                        message: "authentication refused: \(message); from \(source.credentialDescription ?? "the settings"). "
                            + "Nothing was sent to the tenant",
                        status: IngestExitStatus.authenticationRefused)
                case .cannotConnect, .transport, .timeout, .serverError:
                    throw CLIFailure(message: "\(message); nothing was sent", status: IngestExitStatus.serverUnreachable)
                case .tenantNotRunning:
                    throw CLIFailure(message: message, status: IngestExitStatus.serverUnreachable)
                default:
                    throw .configuration(message)
                }
            }
        }
        let label = tenant.map { "\(client.baseURL) (\($0.contextIdentifier), looked up at \($0.environment.loginURL))" } ?? client.baseURL
        return Connection(client: client, sandbox: nil, secrets: source.secrets,
                          credentialDescription: source.credentialDescription, serverLabel: label,
                          serverURL: client.baseURL)
    }

    /// Reads the settings and refuses the ones that would send work somewhere unintended: a credential (or
    /// a misspelt variable) without a server must not fall back to the sandbox.
    static func resolve(_ options: ConnectionOptions, environment: [String: String]) throws(CLIFailure) -> SuperOfficeSettings {
        let settings: SuperOfficeSettings
        do throws(SettingsError) {
            settings = try SuperOfficeSettings(environment: environment, credentialsFile: options.credentialsFile)
            for warning in settings.warnings { Terminal.standardError(warning) }
            try settings.checkServer(baseURLFlag: options.baseURL, credentialsFile: options.credentialsFile)
        } catch {
            throw CLIFailure(error)
        }
        for typo in settings.likelyTypos { Terminal.standardError("warning: \(typo.seen) is set: did you mean \(typo.meant)?") }
        return settings
    }

    /// The `--sandbox-projects` catalogue, when given.
    private static func sandboxCatalogue(_ options: ConnectionOptions) throws(SandboxError) -> SandboxProjectCatalogue? {
        try options.sandboxProjects.map { path throws(SandboxError) in try SandboxProjectCatalogue.load(path: path) }
    }

    private static func makeClient(_ configuration: SuperOfficeClientConfiguration) throws(CLIFailure) -> SuperOfficeClient {
        do {
            return try SuperOfficeClient(configuration: configuration)
        } catch where error.code == .insecureTransport {
            throw .configuration(
                "refusing to send credentials over plain http to \(configuration.baseURL): use https, "
                    + "or pass --insecure-http if that network is trusted")
        } catch {
            throw .configuration("\(error.message) (--base-url or SO_BASE_URL)")
        }
    }

    /// Stops the embedded sandbox, if any.
    func close() async {
        await sandbox?.shutdown()
    }
}

extension Connection {
    /// For dry runs: a client that is never called. With a configured base URL it is that server's
    /// (so the configuration is still checked); without one, no sandbox is started.
    static func offline(_ options: ConnectionOptions, source resolved: SuperOfficeSettings? = nil,
                        environment: [String: String] = ProcessInfo.processInfo.environment,
                        logger: Logger) throws(CLIFailure) -> Connection {
        let source: SuperOfficeSettings
        if let resolved { source = resolved } else { source = try resolve(options, environment: environment) }
        let tenant: OnlineTenant?
        let credentials: Credentials
        do throws(SettingsError) {
            tenant = try source.onlineTenant()
            // half a credential is as wrong in a dry run as in a real one; none at all is fine (nothing is sent)
            credentials = try source.credentials() ?? .bearer("dry-run")
        } catch {
            throw CLIFailure(error)
        }
        let configured = options.baseURL ?? source.baseURL
        var configuration = SuperOfficeClientConfiguration(baseURL: configured ?? "http://127.0.0.1:9/", credentials: credentials)
        configuration.allowInsecureHTTP = options.insecureHttp
        let client = try makeClient(configuration)
        let label = if let configured = configured.map({ _ in client.baseURL }) {
            configured
        } else if let tenant {
            "\(tenant) (not looked up in a dry run)"
        } else {
            "none configured (a run without --dry-run would use the in-process sandbox)"
        }
        return Connection(client: client, sandbox: nil, secrets: source.secrets,
                          credentialDescription: configured == nil && tenant == nil ? nil : source.credentialDescription,
                          serverLabel: label, serverURL: configured == nil ? nil : client.baseURL)
    }
}

extension Connection {
    /// The connection `put` and `import` submit through: offline for a dry run, otherwise the configured server
    /// (or the embedded sandbox), checked against `processing`'s `--zip`. A configuration failure becomes the
    /// command's exit.
    static func forSubmitting(
        _ options: ConnectionOptions, processing: ProcessingOptions, sandboxData: EmbeddedSandboxData? = nil, logger: Logger
    ) async throws -> Connection {
        let connection = try await forSubmitting(options, dryRun: processing.dryRun, sandboxData: sandboxData, logger: logger)
        do throws(CLIFailure) {
            try processing.checkZip(sandbox: connection.sandbox != nil)
        } catch {
            await connection.close()
            throw error.exit()
        }
        return connection
    }

    private static func forSubmitting(
        _ options: ConnectionOptions, dryRun: Bool, sandboxData: EmbeddedSandboxData?, logger: Logger
    ) async throws -> Connection {
        do throws(CLIFailure) {
            let fresh = sandboxData?.fresh == true
            if fresh, dryRun { throw CLIFailure.configuration("--fresh empties the in-process sandbox, and a dry run uses none") }
            if dryRun {
                // a server is configured: the plan reads each project's ImageInfo there (nothing else is sent)
                let source = try resolve(options, environment: ProcessInfo.processInfo.environment)
                return source.hasServer(baseURLFlag: options.baseURL)
                    ? try await open(options, source: source, logger: logger) : try offline(options, source: source, logger: logger)
            }
            // the sandbox's data is removed only when the sandbox is the one used
            let connection = try await open(options, sandboxData: sandboxData, logger: logger)
            if fresh, connection.sandbox == nil {
                await connection.close()
                throw CLIFailure.configuration("--fresh empties the in-process sandbox, and a server is configured: nothing was sent")
            }
            return connection
        } catch {
            throw error.exit()
        }
    }
}
