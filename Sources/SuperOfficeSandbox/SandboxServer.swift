import Hummingbird
public import Logging
import NIOCore

import LibC
import ServiceLifecycle
public import SuperOfficeWebAPI

/// A local stand-in for SuperOffice's project-image endpoints, served over real HTTP by Hummingbird.
///
/// ```swift
/// try await SandboxServer.withSandbox(SandboxConfiguration(), logger: logger) { sandbox in
///     let client = try SuperOfficeClient(configuration: .init(baseURL: sandbox.baseURL, credentials: sandbox.credentials))
///     // … use the client; read sandbox.requestLog() to check what happened …
/// }
/// ```
///
/// `start(_:logger:)` and `shutdown()` are the unscoped pair, for a sandbox that outlives one call.
public final class SandboxServer: Sendable {
    /// The base URL to give a client, e.g. `http://127.0.0.1:54123/` (with the site path, if configured).
    public let baseURL: String
    /// The port the server listens on.
    public let port: Int
    /// The configuration it runs with.
    public let configuration: SandboxConfiguration
    /// One credential the sandbox accepts (the first configured).
    public var credentials: Credentials { configuration.acceptedCredentials[0] }

    private let state: SandboxState
    /// The identity of the sandbox's data (`SandboxConfiguration.dataPath`): the same for every run on the same
    /// file, new for a new (or emptied) one; `nil` for a sandbox in memory.
    public let storeIdentity: String?
    private let issued: IssuedCredentials
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, Never>

    private init(
        baseURL: String, port: Int, configuration: SandboxConfiguration, state: SandboxState, issued: IssuedCredentials,
        storeIdentity: String?, serviceGroup: ServiceGroup, runTask: Task<Void, Never>
    ) {
        self.storeIdentity = storeIdentity
        self.issued = issued
        self.baseURL = baseURL
        self.port = port
        self.configuration = configuration
        self.state = state
        self.serviceGroup = serviceGroup
        self.runTask = runTask
    }

    /// Starts a sandbox in this process and returns once it listens.
    ///
    /// - Throws: `SandboxError` when the configuration is unusable or the address can not be bound.
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration(), logger: Logger) async throws -> SandboxServer {
        guard !configuration.acceptedCredentials.isEmpty else {
            throw SandboxError(code: .invalidConfiguration, message: "A sandbox needs at least one accepted credential")
        }
        guard (0...65535).contains(configuration.port) else {
            throw SandboxError(code: .invalidConfiguration, message: "Port \(configuration.port) is out of range")
        }
        let store: SandboxStore?
        let state: SandboxState
        do {
            store = try configuration.dataPath.map { try SandboxStore(path: $0) }
            state = try SandboxState(configuration: configuration, store: store)
        } catch {
            throw SandboxError(
                code: .invalidConfiguration,
                message: "cannot open the sandbox's data \(configuration.dataPath ?? ""): \(error)")
        }
        let issued = IssuedCredentials()
        let router = SandboxRouter.make(configuration: configuration, state: state, issued: issued, logger: logger)
        let (started, continuation) = AsyncStream<Result<Int, SandboxError>>.makeStream()
        // Hummingbird's and ServiceLifecycle's own lines only from notice up; the sandbox logs each request at debug.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "SuperOffice-Sandbox"),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? configuration.port))
            },
            logger: serverLogger)
        let serviceGroup = ServiceGroup(services: [application], logger: serverLogger)
        let runTask = Task {
            do {
                try await serviceGroup.run()
                continuation.yield(.failure(SandboxError(code: .bindFailed, message: "The server stopped")))
            } catch {
                // an IOError's description names the system call (`bind(descriptor:ptr:bytes:)`); say only why
                let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() } ?? "\(error)"
                continuation.yield(.failure(SandboxError(
                    code: .bindFailed, message: "Could not serve on \(configuration.host):\(configuration.port): \(reason)")))
            }
            continuation.finish()
        }
        var iterator = started.makeAsyncIterator()
        let port: Int
        switch await iterator.next() {
        case .success(let value)?:
            port = value
        case .failure(let error)?:
            runTask.cancel()
            throw error
        case nil:
            throw SandboxError(code: .bindFailed, message: "The server did not start")
        }
        let hostPart = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let displayHost = configuration.host == "0.0.0.0" ? "127.0.0.1" : (configuration.host == "::" ? "[::1]" : hostPart)
        let site = configuration.sitePath.split(separator: "/").joined(separator: "/")
        let baseURL = "http://\(displayHost):\(port)/" + (site.isEmpty ? "" : site + "/")
        logger.debug("sandbox listening", metadata: ["url": "\(baseURL)", "mode": "\(configuration.mode)"])
        return SandboxServer(
            baseURL: baseURL, port: port, configuration: configuration, state: state, issued: issued,
            storeIdentity: store?.identity, serviceGroup: serviceGroup, runTask: runTask)
    }

    /// Starts a sandbox, runs `body` with it and shuts it down when `body` returns or throws: the scoped way to
    /// use a sandbox, as HummingbirdTesting's `Application.test` is for an application.
    ///
    /// - Parameters:
    ///   - configuration: how the sandbox serves.
    ///   - logger: where the sandbox logs (each request at debug).
    ///   - isolation: the caller's actor, on which `body` runs (so it need not be `Sendable`).
    ///   - body: what to do with the running sandbox; it is shut down when this returns or throws.
    /// - Returns: what `body` returns.
    /// - Throws: `SandboxError` when the sandbox can not start, else what `body` throws.
    public static func withSandbox<T>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(), logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SandboxServer) async throws -> T
    ) async throws -> T {
        let sandbox = try await start(configuration, logger: logger)
        let result: T
        do {
            result = try await body(sandbox)
        } catch {
            await sandbox.shutdown()
            throw error
        }
        await sandbox.shutdown()
        return result
    }

    /// The login side's base URL (`http://127.0.0.1:PORT/`), where a client exchanges tokens and looks the
    /// tenant up; the tenant itself is `baseURL`.
    public var loginURL: String {
        guard let end = baseURL.firstRange(of: "://").flatMap({ baseURL[$0.upperBound...].firstIndex(of: "/") }) else { return baseURL }
        return String(baseURL[...end])
    }

    /// How many system-user tickets and OAuth access tokens the login side has issued.
    public func issuedCredentialCounts() async -> (tickets: Int, accessTokens: Int) {
        (await issued.ticketsIssued, await issued.accessTokensIssued)
    }

    /// Lets every ticket and access token issued so far expire now: the next request that presents one is
    /// answered 401, as after its lifetime (how a test meets an expiry without waiting for it).
    public func expireIssuedCredentials() async { await issued.expireAll() }

    /// Revokes a refresh token: the token endpoint refuses it from now on (`invalid_grant`).
    public func revoke(refreshToken: String) async { await issued.revoke(refreshToken: refreshToken) }

    /// Removes a sandbox's data file (`SandboxConfiguration.dataPath`) and its WAL files, so that the next
    /// sandbox on it starts empty, with a new `storeIdentity`.
    public static func removeData(at path: String) {
        SandboxStore.remove(path: path)
    }

    /// The page that lists the projects' pictures: `http://HOST:PORT/` (no credentials needed).
    public var picturesPageURL: String { loginURL }

    /// How many projects have a picture.
    public func pictureCount() async -> Int { await state.allImages().count }

    /// Every request seen so far, oldest first.
    public func requestLog() async -> [SandboxRequestRecord] { await state.requestLog() }

    /// Waits until `condition` holds for the request log, checked now and each time a record is added, and
    /// answers the log then: how a test waits for requests to arrive rather than sleeping. Answers at once,
    /// whether or not the condition holds, when the sandbox shuts down or the calling task is cancelled.
    ///
    /// ```swift
    /// let log = await sandbox.waitForRequestLog { $0.contains { $0.operation == .uploadImage } }
    /// ```
    public func waitForRequestLog(
        until condition: @escaping @Sendable ([SandboxRequestRecord]) -> Bool
    ) async -> [SandboxRequestRecord] {
        await state.waitForRequestLog(condition)
    }

    /// Waits until no request is being handled: how a test lets the requests of a client it stopped (cancelled,
    /// killed) wind down before it reads the log, rather than sleeping. Answers at once when none is, when the
    /// sandbox shuts down or the calling task is cancelled.
    public func waitUntilIdle() async { await state.waitUntilIdle() }

    /// Empties the request log, e.g. after a drill's set-up; sequence numbers carry on.
    public func clearRequestLog() async { await state.clearRequestLog() }

    /// Replaces the fault plan; takes effect with the next request.
    public func setFaults(_ faults: SandboxFaults) async { await state.setFaults(faults) }

    /// The picture stored for a project: bytes and ImageInfo, as a client would read them (no offset on dates).
    /// `bytes` is `nil` when no bitmap was uploaded or when it was evicted (`SandboxConfiguration.imageBytesBudget`).
    public func storedImage(projectId: Int) async -> (bytes: [UInt8]?, info: BlobEntity)? {
        guard let image = await state.image(projectId: projectId) else { return nil }
        return (image.bytes, SandboxWireFormat.blobEntity(image, associate: configuration.associate, includeOffset: false))
    }

    /// Stops serving: releases held (never-answer) requests, stops listening, lets requests in flight finish
    /// (for at most five seconds, then cancels them), and returns when the server has stopped.
    public func shutdown() async {
        await state.beginShutdown()
        await serviceGroup.triggerGracefulShutdown()
        let runTask = self.runTask
        let deadline = Task {
            try? await Task.sleep(for: .seconds(5))
            runTask.cancel()
        }
        await runTask.value
        deadline.cancel()
    }
}
