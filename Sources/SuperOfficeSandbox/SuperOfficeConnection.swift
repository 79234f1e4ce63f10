public import Logging
public import SuperOfficeWebAPI

/// The client a tool or service submits through, chosen from its settings as `image-ingest` chooses: the configured
/// server, or, only when neither a server nor any credential is configured, an embedded sandbox on loopback, so
/// nothing leaves the machine. A credential without a server is an error, never the sandbox.
///
/// ```swift
/// let settings = try SuperOfficeSettings(environment: ProcessInfo.processInfo.environment)
/// let connection = try await SuperOfficeConnection.open(settings: settings, logger: logger)
/// defer { Task { await connection.close() } }
/// ```
public struct SuperOfficeConnection: Sendable {
    /// What a caller sets beside the settings (`image-ingest`'s connection flags).
    public struct Options: Sendable {
        /// The server, in place of `SO_BASE_URL`.
        public var baseURL: String?
        /// Sends credentials over plain http (a trusted network only).
        public var allowInsecureHTTP = false
        /// The client-side request limit: 0 or less turns it off; nil keeps a server's client default (10 a second),
        /// and leaves the embedded sandbox unlimited.
        public var requestsPerSecond: Double?
        /// Each request's timeout, in place of the client's default.
        public var requestTimeout: Duration?
        /// A project catalogue CSV (``SandboxProjectCatalogue``) the embedded sandbox serves; refused when a server
        /// is configured.
        public var sandboxProjects: String?
        /// Where the embedded sandbox keeps what it is sent (nil: in memory).
        public var sandboxDataPath: String?
        /// Removes the embedded sandbox's data first; refused when a server is configured, and for a dry run.
        public var freshSandbox = false
        /// A dry run: a configured server is opened (for reads); with none, no sandbox is started and the client is
        /// a placeholder that must not be called (``serverURL`` is nil).
        public var dryRun = false
        /// The credentials file the settings were read with, if any: one that sets no server is refused (never the
        /// sandbox), as a credential without a server is.
        public var credentialsFile: String?

        /// Options that change nothing.
        public init() {}
    }

    /// The client.
    public let client: SuperOfficeClient
    /// The embedded sandbox behind ``client``, when it is the one used; ``close()`` stops it.
    public let sandbox: SandboxServer?
    /// The settings the connection was made from (their ``SuperOfficeSettings/secrets`` are never to be printed).
    public let settings: SuperOfficeSettings
    /// Which variables hold the credential and where they came from (never the values); nil for the sandbox and
    /// for a dry run with nothing configured.
    public let credentialDescription: String?
    /// The server as people read it: the base URL, with the online tenant it was looked up for, or marked as the
    /// embedded sandbox.
    public let serverLabel: String
    /// The server's base URL; nil for a dry run with no server configured.
    public let serverURL: String?

    /// Whether this is a configured server (not the embedded sandbox, not a dry run's placeholder).
    public var isConfiguredServer: Bool { sandbox == nil && serverURL != nil }

    /// Values that must never be printed.
    public var secrets: [String] { settings.secrets }

    /// Opens the connection `settings` and `options` name. Against a configured server that needs it (an online
    /// tenant, a renewing credential) the tenant is looked up and the credential tried now, so a refused key stops
    /// the caller before any work.
    /// - Throws: ``SuperOfficeConnectionError``.
    public static func open(
        settings: SuperOfficeSettings, options: Options = Options(), logger: Logger
    ) async throws(SuperOfficeConnectionError) -> SuperOfficeConnection {
        do throws(SettingsError) {
            // a credential (or a misspelt variable) without a server must not fall back to the sandbox
            try settings.checkServer(baseURLFlag: options.baseURL, credentialsFile: options.credentialsFile)
        } catch {
            throw .init(.invalidSettings, error.message, settings: error)
        }
        if options.dryRun {
            if options.freshSandbox { throw .init(.sandboxOptionMisplaced, "a fresh sandbox was asked for a dry run, which uses none") }
            if !settings.hasServer(baseURLFlag: options.baseURL) { return try offline(settings: settings, options: options) }
        }
        if options.usesEmbeddedSandbox(settings) { return try await embedded(settings: settings, options: options, logger: logger) }
        let tenant: OnlineTenant?
        do throws(SettingsError) {
            tenant = options.baseURL ?? settings.baseURL == nil ? try settings.onlineTenant() : nil
        } catch {
            throw .init(.invalidSettings, error.message, settings: error)
        }
        if options.sandboxProjects != nil || options.freshSandbox {
            throw .init(.sandboxOptionMisplaced, "a sandbox option was given, and a server is configured: nothing was sent")
        }
        var configuration: SuperOfficeClientConfiguration
        do throws(SettingsError) {
            configuration = try settings.clientConfiguration(baseURL: options.baseURL)
        } catch {
            throw .init(.invalidSettings, error.message, settings: error)
        }
        let provider = configuration.credentialProvider
        configuration.allowInsecureHTTP = options.allowInsecureHTTP
        options.tune(&configuration)
        let client = try makeClient(configuration)
        if !(provider is Credentials) || tenant != nil {
            do {
                try await client.resolveBaseURL(logger: logger)
            } catch {
                let message = SecretRedactor(secrets: settings.secrets)(error.message)
                switch error.code {
                case .unauthorized: throw .init(.authenticationRefused, message, webAPI: error)
                case .cannotConnect, .transport, .timeout, .serverError, .tenantNotRunning:
                    throw .init(.unreachable, message, webAPI: error)
                default: throw .init(.invalidSettings, message, webAPI: error)
                }
            }
        }
        let label = tenant.map { "\(client.baseURL) (\($0.contextIdentifier), looked up at \($0.environment.loginURL))" } ?? client.baseURL
        return SuperOfficeConnection(client: client, sandbox: nil, settings: settings,
                                     credentialDescription: settings.credentialDescription, serverLabel: label,
                                     serverURL: client.baseURL)
    }

    /// The name a journal keys this server's rows on (`FolderImportSettings.target`): the base URL, or for the embedded
    /// sandbox ``journalTargetPrefix`` and its data's identity, so that a row holds while the data does (its port
    /// changes every run).
    public var journalTarget: String {
        guard let sandbox else { return client.baseURL }
        return Self.journalTargetPrefix + (sandbox.storeIdentity ?? sandbox.baseURL)
    }

    /// How ``journalTarget`` names an embedded sandbox; ImageIngest's `FolderImportSettings.inProcessSandboxTargetPrefix`
    /// reads it (a test holds the two equal: neither library depends on the other).
    public static let journalTargetPrefix = "in-process-sandbox:"

    /// Stops the embedded sandbox, if any.
    public func close() async {
        await sandbox?.shutdown()
    }

    /// The embedded sandbox and a client of it.
    private static func embedded(
        settings: SuperOfficeSettings, options: Options, logger: Logger
    ) async throws(SuperOfficeConnectionError) -> SuperOfficeConnection {
        let sandbox: SandboxServer
        do throws(SandboxError) {
            let catalogue = try options.sandboxProjects.map { path throws(SandboxError) in try SandboxProjectCatalogue.load(path: path) }
            sandbox = try await SandboxServer.startEmbedded(
                dataPath: options.sandboxDataPath, fresh: options.freshSandbox, projects: catalogue, logger: logger)
        } catch {
            let code: SuperOfficeConnectionError.Code = error.code == .invalidProjectCatalogue ? .invalidSandboxCatalogue : .sandboxUnavailable
            throw .init(code, error.message, sandbox: error)
        }
        var configuration = sandbox.clientConfiguration
        // the sandbox has no request limit unless one is asked for
        configuration.requestsPerSecond = options.requestsPerSecond.flatMap { $0 > 0 ? $0 : nil }
        if let timeout = options.requestTimeout { configuration.requestTimeout = timeout }
        let client: SuperOfficeClient
        do throws(SuperOfficeConnectionError) {
            client = try makeClient(configuration)
        } catch {
            await sandbox.shutdown()
            throw error
        }
        return SuperOfficeConnection(client: client, sandbox: sandbox, settings: settings, credentialDescription: nil,
                                     serverLabel: "\(sandbox.baseURL) (the in-process sandbox; nothing leaves this machine)",
                                     serverURL: client.baseURL)
    }

    /// A dry run's client, never called: with a configured base URL that server's (so the configuration is still
    /// checked); without one, a placeholder and no sandbox.
    private static func offline(settings: SuperOfficeSettings, options: Options) throws(SuperOfficeConnectionError) -> SuperOfficeConnection {
        let tenant: OnlineTenant?
        let credentials: Credentials
        do throws(SettingsError) {
            tenant = try settings.onlineTenant()
            // half a credential is as wrong in a dry run as in a real one; none at all is fine (nothing is sent)
            credentials = try settings.credentials() ?? .bearer("dry-run")
        } catch {
            throw .init(.invalidSettings, error.message, settings: error)
        }
        let configured = options.baseURL ?? settings.baseURL
        var configuration = SuperOfficeClientConfiguration(baseURL: configured ?? "http://127.0.0.1:9/", credentials: credentials)
        configuration.allowInsecureHTTP = options.allowInsecureHTTP
        let client = try makeClient(configuration)
        let label = if configured != nil {
            client.baseURL
        } else if let tenant {
            "\(tenant) (not looked up in a dry run)"
        } else {
            "none configured (a run without --dry-run would use the in-process sandbox)"
        }
        return SuperOfficeConnection(client: client, sandbox: nil, settings: settings,
                                     credentialDescription: configured == nil && tenant == nil ? nil : settings.credentialDescription,
                                     serverLabel: label, serverURL: configured == nil ? nil : client.baseURL)
    }

    private static func makeClient(_ configuration: SuperOfficeClientConfiguration) throws(SuperOfficeConnectionError) -> SuperOfficeClient {
        do {
            return try SuperOfficeClient(configuration: configuration)
        } catch where error.code == .insecureTransport {
            throw .init(.insecureTransport, "refusing to send credentials over plain http to \(configuration.baseURL)", webAPI: error)
        } catch {
            throw .init(.invalidBaseURL, error.message, webAPI: error)
        }
    }
}

extension SuperOfficeConnection.Options {
    /// Whether ``SuperOfficeConnection/open(settings:options:logger:)`` would start the embedded sandbox for `settings`:
    /// not a dry run, and neither a base URL nor an online tenant configured (a credential without a server is refused
    /// instead).
    public func usesEmbeddedSandbox(_ settings: SuperOfficeSettings) -> Bool {
        !dryRun && !settings.hasServer(baseURLFlag: baseURL)
    }

    /// Sets the request limit and timeout the options name on `configuration`.
    fileprivate func tune(_ configuration: inout SuperOfficeClientConfiguration) {
        if let rate = requestsPerSecond { configuration.requestsPerSecond = rate > 0 ? rate : nil }
        if let requestTimeout { configuration.requestTimeout = requestTimeout }
    }
}
