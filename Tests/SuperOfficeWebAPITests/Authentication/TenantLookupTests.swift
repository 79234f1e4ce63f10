import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// An online tenant named by context id and environment: its host looked up, refused when it is not running,
/// looked up again after a 421.
@Suite("Looking the tenant up")
struct TenantLookupTests {
    static func client(_ sandbox: SandboxServer, _ login: SandboxLogin) throws -> SuperOfficeClient {
        let provider = try CredentialRenewalTests.systemUser(login, loginURL: sandbox.loginURL)
        return try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
            onlineTenant: OnlineTenant(contextIdentifier: login.contextIdentifier, environment: try OnlineEnvironment(sandbox.loginURL)),
            credentialProvider: provider, retryPolicy: quickRetries, requestsPerSecond: nil))
    }

    @Test("the tenant's Endpoint from api/state becomes the base URL")
    func resolves() async throws {
        let login = try SandboxLogin.generate(contextIdentifier: "Cust54321")
        try await SandboxServer.withSandbox(CredentialRenewalTests.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let client = try Self.client(sandbox, login)
            #expect(client.baseURL.contains("Cust54321 on"))
            #expect(try await client.resolveBaseURL(logger: quietLogger) == sandbox.baseURL)
            #expect(client.baseURL == sandbox.baseURL)
            _ = try await client.uploadProjectImage(projectId: 9, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log.map(\.operation) == [.tenantState, .authenticate, .uploadImage])
        }
    }

    @Test("a tenant that is not running is refused, naming its State, before anything is sent to it")
    func notRunning() async throws {
        var login = try SandboxLogin.generate()
        login.tenantState = "Suspended"
        try await SandboxServer.withSandbox(CredentialRenewalTests.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let client = try Self.client(sandbox, login)
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .tenantNotRunning)
            #expect(error?.message.contains("Suspended") == true)
            #expect(await sandbox.requestLog().map(\.operation) == [.tenantState])
        }
    }

    @Test("a 421 Misdirected Request looks the tenant up once more and retries there")
    func misdirected() async throws {
        let login = try SandboxLogin.generate()
        try await SandboxServer.withSandbox(CredentialRenewalTests.sandboxConfiguration(login), logger: quietLogger) { sandbox in
            let client = try Self.client(sandbox, login)
            try await client.resolveBaseURL(logger: quietLogger)
            await sandbox.setFaults(SandboxFaults(script: [.status(421)], operations: [.uploadImage]))
            _ = try await client.uploadProjectImage(projectId: 4, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log.map(\.operation) == [.tenantState, .authenticate, .uploadImage, .tenantState, .uploadImage])
            #expect(log.last?.succeeded == true)
        }
    }

    @Test("environment names map to SuperOffice's login hosts; anything else must be a URL")
    func environments() throws {
        #expect(try OnlineEnvironment("sod").loginURL == "https://sod.superoffice.com/")
        #expect(try OnlineEnvironment("QAOnline").loginURL == "https://qaonline.superoffice.com/")
        #expect(try OnlineEnvironment("online").loginURL == "https://online.superoffice.com/")
        #expect(try OnlineEnvironment("http://127.0.0.1:8080").loginURL == "http://127.0.0.1:8080/")
        #expect(throws: WebAPIError.self) { try OnlineEnvironment("production") }
    }
}
