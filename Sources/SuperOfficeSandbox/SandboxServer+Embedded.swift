public import Logging
public import SuperOfficeWebAPI

extension SandboxServer {
    /// Starts the sandbox a tool embeds when no server is configured (``SandboxConfiguration/embedded(dataPath:)``),
    /// as `image-ingest import` does: pictures kept in `dataPath` (removed first when `fresh`; nil keeps them in
    /// memory), only the projects of `projects` when given. Its own lifecycle lines are logged only when `logger`
    /// logs debug.
    /// - Throws: ``SandboxError`` when the data cannot be opened or nothing can listen on loopback.
    public static func startEmbedded(
        dataPath: String?, fresh: Bool = false, projects: SandboxProjectCatalogue? = nil, logger: Logger
    ) async throws(SandboxError) -> SandboxServer {
        var quiet = logger
        if quiet.logLevel > .debug { quiet.logLevel = .critical }
        if fresh, let dataPath { removeData(at: dataPath) }
        var configuration = SandboxConfiguration.embedded(dataPath: dataPath)
        configuration.projects = projects
        do {
            return try await start(configuration, logger: quiet)
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(code: .invalidConfiguration, message: "\(error)")
        }
    }

    /// A client configuration for this sandbox: its base URL and the credential it accepts first.
    public var clientConfiguration: SuperOfficeClientConfiguration {
        SuperOfficeClientConfiguration(baseURL: baseURL, credentials: credentials)
    }
}
