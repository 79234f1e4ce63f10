import Logging
import Synchronization
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The system-user and OAuth flows against the sandbox's login side over real HTTP: one login, one renewal
/// however many requests meet an expiry, a refusal that names its cause.
@Suite("Credentials that renew themselves")
struct CredentialRenewalTests {
    static func sandboxConfiguration(_ login: SandboxLogin) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(mode: .online, sitePath: login.contextIdentifier)
        configuration.login = login
        return configuration
    }

    static func systemUser(_ login: SandboxLogin, loginURL: String, systemUserToken: String? = nil) throws -> SystemUserCredentialProvider {
        SystemUserCredentialProvider(configuration: .init(
            environment: try OnlineEnvironment(loginURL), contextIdentifier: login.contextIdentifier,
            systemUserToken: systemUserToken ?? login.systemUserToken,
            privateKey: ApplicationPrivateKey(login.applicationPrivateKey), clientSecret: login.clientSecret,
            verifier: try SuperOfficeTokenVerifier(certificateFile: Array(login.certificatePEM.utf8))))
    }

    static func oauth(_ login: SandboxLogin, loginURL: String, refreshToken: String? = nil) throws -> OAuthRefreshCredentialProvider {
        OAuthRefreshCredentialProvider(configuration: .init(
            environment: try OnlineEnvironment(loginURL), clientId: login.clientId, clientSecret: login.clientSecret,
            refreshToken: refreshToken ?? login.refreshTokens.first!))
    }

    static func client(_ sandbox: SandboxServer, _ provider: any CredentialProvider) throws -> SuperOfficeClient {
        try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
            baseURL: sandbox.baseURL, credentialProvider: provider, retryPolicy: quickRetries, requestsPerSecond: nil))
    }

    @Test("a system user logs in once for many requests: never a ticket per request")
    func oneTicketForManyRequests() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let provider = try Self.systemUser(login, loginURL: sandbox.loginURL)
            let client = try Self.client(sandbox, provider)
            for projectId in 1...20 {
                _ = try await client.uploadProjectImage(projectId: projectId, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            }
            #expect(await provider.renewals == 1)
            #expect(await sandbox.issuedCredentialCounts().tickets == 1)
            let uploads = await sandbox.requestLog().filter { $0.operation == .uploadImage }
            #expect(uploads.count == 20 && uploads.allSatisfy { $0.succeeded && $0.credentialScheme == "SOTicket" })
        }
    }

    @Test("100 concurrent requests meeting one expiry cause exactly one renewal, and all succeed")
    func concurrentExpiryRenewsOnce() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let provider = try Self.systemUser(login, loginURL: sandbox.loginURL)
            let client = try Self.client(sandbox, provider)
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            await sandbox.expireIssuedCredentials()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for projectId in 1...100 {
                    group.addTask {
                        _ = try await client.uploadProjectImage(
                            projectId: projectId, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
                    }
                }
                try await group.waitForAll()
            }
            #expect(await provider.renewals == 2)
            #expect(await sandbox.issuedCredentialCounts().tickets == 2)
            let log = await sandbox.requestLog()
            let uploaded = Set(log.filter { $0.operation == .uploadImage && $0.succeeded }.compactMap(\.projectId))
            #expect(uploaded == Set(1...100))
            #expect(log.filter { $0.operation == .authenticate }.count == 2)
        }
    }

    @Test("an OAuth access token is refreshed once after an expiry, and used as Bearer")
    func oauthRefreshAfterExpiry() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let provider = try Self.oauth(login, loginURL: sandbox.loginURL)
            let client = try Self.client(sandbox, provider)
            _ = try await client.projectImageInfo(projectId: 7, logger: quietLogger)
            await sandbox.expireIssuedCredentials()
            _ = try await client.uploadProjectImage(projectId: 7, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            #expect(await provider.renewals == 2)
            let log = await sandbox.requestLog()
            #expect(log.filter { $0.operation == .oauthToken }.count == 2)
            #expect(log.filter { $0.operation == .uploadImage }.map(\.status) == [401, 200])
            #expect(log.filter { $0.operation == .uploadImage }.allSatisfy { $0.credentialScheme == "Bearer" })
        }
    }

    @Test("an access token is refreshed before expires_in runs out, so no request meets a 401")
    func oauthRefreshAhead() async throws {
        var login = try SandboxLogin.generate()
        login.tokenLifetime = .seconds(2)
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let provider = try Self.oauth(login, loginURL: sandbox.loginURL)
            // paced requests spanning several token lifetimes (the pacing is the client's rate limit, not a sleep)
            let paced = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
                baseURL: sandbox.baseURL, credentialProvider: provider, retryPolicy: quickRetries, requestsPerSecond: 10,
                rateLimitMargin: 0))
            for projectId in 1...30 {
                _ = try await paced.projectImageInfo(projectId: projectId, logger: quietLogger)
            }
            let log = await sandbox.requestLog()
            #expect(log.filter { $0.status == 401 }.isEmpty)
            #expect(await provider.renewals >= 2)
        }
    }

    @Test("a revoked refresh token is refused at once with its OAuth error, and nothing reaches the tenant")
    func revokedRefreshToken() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            await sandbox.revoke(refreshToken: login.refreshTokens.first!)
            let provider = try Self.oauth(login, loginURL: sandbox.loginURL)
            let client = try Self.client(sandbox, provider)
            let error = await webAPIError {
                try await client.uploadProjectImage(projectId: 3, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            }
            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("invalid_grant") == true)
            #expect(error?.description.contains(login.refreshTokens.first!) == false)
            #expect(await sandbox.requestLog().allSatisfy { $0.operation == .oauthToken })
        }
    }

    @Test("a system user token the tenant does not know is refused with the server's ErrorMessage")
    func refusedSystemUser() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(Self.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let provider = try Self.systemUser(login, loginURL: sandbox.loginURL, systemUserToken: "Somebody-else-123")
            let client = try Self.client(sandbox, provider)
            let error = await webAPIError { try await client.projectImageInfo(projectId: 3, logger: quietLogger) }
            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("system user token is not valid") == true)
        }
    }

    @Test("a renewal that fails is not kept: the next request tries again")
    func failedRenewalIsRetried() async throws {
        let attempts = Counter()
        let cache = RenewingCredentialCache { _ throws(WebAPIError) in
            let attempt = attempts.next()
            guard attempt > 1 else { throw WebAPIError(code: .cannotConnect, message: "down") }
            return (.bearer("token-\(attempt)"), nil)
        }
        await #expect(throws: WebAPIError.self) { try await cache.credentials(logger: quietLogger) }
        #expect(try await cache.credentials(logger: quietLogger) == .bearer("token-2"))
        #expect(try await cache.renewed(after: .bearer("token-1"), logger: quietLogger) == .bearer("token-2"))
        #expect(try await cache.renewed(after: .bearer("token-2"), logger: quietLogger) == .bearer("token-3"))
    }
}

/// A thread-safe counter for closures.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
