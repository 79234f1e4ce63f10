import Foundation
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI

/// The WebAPI client `put` and `import` use, and the in-process sandbox behind it when no base URL is set.
struct Connection {
    /// The one line printed on stderr when the embedded sandbox is used.
    static let sandboxNotice = "no SO_BASE_URL: submitting to an in-process sandbox; nothing leaves this machine"
    /// The embedded sandbox keeps only this many bytes of uploaded bitmaps (the most recent uploads), so
    /// the memory of a long import stays flat; every ImageInfo is kept.
    static let embeddedSandboxImageBytes = 16 * 1024 * 1024
    /// The embedded sandbox's request log is never read; it keeps only this many records.
    static let embeddedSandboxRequestLog = 256

    let client: SuperOfficeClient
    let sandbox: SandboxServer?
    /// Values that must never be printed.
    let secrets: [String]

    /// Resolves flags, environment and credentials file; starts the sandbox when no base URL is given.
    static func open(_ options: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                     logger: Logger) async throws(CLIFailure) -> Connection {
        let source = try CredentialsSource(environment: environment, filePath: options.credentialsFile)
        let baseURL = options.baseURL ?? source.baseURL
        let secrets = source.secrets
        let sandbox: SandboxServer?
        var configuration: SuperOfficeClientConfiguration
        if let baseURL {
            guard let credentials = try source.credentials() else {
                throw .configuration(
                    "no credentials for \(baseURL): set SO_TICKET (+ SO_APP_TOKEN online), SO_BEARER_TOKEN or SO_USERNAME/SO_PASSWORD in the environment or a --credentials-file")
            }
            sandbox = nil
            configuration = SuperOfficeClientConfiguration(baseURL: baseURL, credentials: credentials)
            configuration.allowInsecureHTTP = options.insecureHttp
            if let rate = options.requestsPerSecond { configuration.requestsPerSecond = rate > 0 ? rate : nil }
        } else {
            Terminal.standardError(sandboxNotice)
            do {
                // the sandbox's own lifecycle chatter (e.g. on shutdown) is not the user's business
                var sandboxLogger = logger
                if sandboxLogger.logLevel > .debug { sandboxLogger.logLevel = .critical }
                let server = try await SandboxServer.start(
                    SandboxConfiguration(
                        imageBytesBudget: embeddedSandboxImageBytes, requestLogLimit: embeddedSandboxRequestLog), logger: sandboxLogger)
                sandbox = server
                configuration = SuperOfficeClientConfiguration(baseURL: server.baseURL, credentials: server.credentials)
                configuration.requestsPerSecond = options.requestsPerSecond.flatMap { $0 > 0 ? $0 : nil }
            } catch {
                throw .configuration("cannot start the in-process sandbox: \(error)")
            }
        }
        if let timeout = options.requestTimeoutDuration { configuration.requestTimeout = timeout }
        do {
            let client = try SuperOfficeClient(configuration: configuration)
            return Connection(client: client, sandbox: sandbox, secrets: secrets)
        } catch {
            throw .configuration("\(error)")
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
    static func offline(_ options: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                        logger: Logger) throws(CLIFailure) -> Connection {
        let source = try CredentialsSource(environment: environment, filePath: options.credentialsFile)
        let baseURL = options.baseURL ?? source.baseURL ?? "http://127.0.0.1:9/"
        let credentials = try source.credentials() ?? .bearer("dry-run")
        var configuration = SuperOfficeClientConfiguration(baseURL: baseURL, credentials: credentials)
        configuration.allowInsecureHTTP = options.insecureHttp
        do {
            return Connection(client: try SuperOfficeClient(configuration: configuration), sandbox: nil, secrets: source.secrets)
        } catch {
            throw .configuration("\(error)")
        }
    }
}

extension Connection {
    /// The connection `put` and `import` submit through: offline for a dry run, otherwise the configured server
    /// (or the embedded sandbox). A configuration failure becomes the command's exit.
    static func forSubmitting(_ options: ConnectionOptions, dryRun: Bool, logger: Logger) async throws -> Connection {
        do throws(CLIFailure) {
            return dryRun ? try offline(options, logger: logger) : try await open(options, logger: logger)
        } catch {
            throw error.exit()
        }
    }
}
