import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

private let basicCredentials = Credentials.basic(username: "tje0", password: "Tje0")
private let ticketCredentials = Credentials.soTicket("7T:c2FuZGJveA==", appToken: "app-secret")
private let bearerCredentials = Credentials.bearer("8A:Cust12345.token")
private let xsrfCredentials = Credentials.xsrf("xsrf-value")

@Suite struct AuthenticationTests {
    static let basic = basicCredentials
    static let ticket = ticketCredentials
    static let bearer = bearerCredentials
    static let xsrf = xsrfCredentials

    @Test(arguments: [basicCredentials, ticketCredentials, bearerCredentials, xsrfCredentials])
    func eachSchemeIsAcceptedOnsite(_ credentials: Credentials) async throws {
        let configuration = SandboxConfiguration(acceptedCredentials: [Self.basic, Self.ticket, Self.bearer, Self.xsrf])
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, credentials: credentials)
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            #expect((await sandbox.requestLog()).first?.credentialScheme == credentials.scheme)
        }
    }

    @Test(arguments: [
        Credentials.basic(username: "tje0", password: "wrong"), .basic(username: "other", password: "Tje0"),
        .soTicket("7T:wrong", appToken: nil), .bearer("8A:Cust12345.wrong"), .xsrf("wrong"),
    ])
    func wrongCredentialsAreRefusedWithoutRetry(_ credentials: Credentials) async throws {
        let configuration = SandboxConfiguration(acceptedCredentials: [Self.basic, Self.ticket, Self.bearer, Self.xsrf])
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, credentials: credentials)
            let error = await webAPIError { try await client.uploadProjectImage(projectId: 1, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger) }
            #expect(error?.code == .unauthorized)
            #expect(error?.status == 401)
            #expect(error?.errorType == "UnauthorizedAccessException")
            #expect(error?.attempts == 1)
            let log = await sandbox.requestLog()
            #expect(log.count == 1)
            #expect(log.first?.applied == false)
            #expect(await sandbox.storedImage(projectId: 1) == nil)
        }
    }

    @Test func onlineRequiresTheAppTokenWithATicket() async throws {
        let configuration = SandboxConfiguration(mode: .online, acceptedCredentials: [Self.ticket, Self.bearer, Self.basic])
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            let withToken = try makeClient(sandbox, credentials: Self.ticket)
            _ = try await withToken.projectImageInfo(projectId: 1, logger: quietLogger)

            let withoutToken = try makeClient(sandbox, credentials: .soTicket("7T:c2FuZGJveA==", appToken: nil))
            let missing = await webAPIError { try await withoutToken.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(missing?.code == .unauthorized)
            #expect(missing?.errorMessage?.contains("SO-AppToken") == true)

            let wrongToken = try makeClient(sandbox, credentials: .soTicket("7T:c2FuZGJveA==", appToken: "not-it"))
            #expect(await webAPIError { try await wrongToken.projectImageInfo(projectId: 1, logger: quietLogger) }?.code == .unauthorized)

            // Basic is not allowed online, even with the right password.
            let basic = try makeClient(sandbox, credentials: Self.basic)
            let refused = await webAPIError { try await basic.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(refused?.code == .unauthorized)
            #expect(refused?.errorMessage?.contains("not allowed") == true)

            // Bearer works online.
            _ = try await makeClient(sandbox, credentials: Self.bearer).projectImageInfo(projectId: 1, logger: quietLogger)
        }
    }

    @Test func theDefaultSandboxAcceptsItsGeneratedTicket() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            guard case .soTicket(let ticket, let appToken) = sandbox.credentials else {
                Issue.record("expected a SOTicket")
                return
            }
            #expect(ticket.hasPrefix("7T:"))
            #expect(appToken == nil)
            _ = try await makeClient(sandbox).projectImageInfo(projectId: 1, logger: quietLogger)
        }
        try await SandboxServer.withSandbox(SandboxConfiguration(mode: .online), logger: quietLogger) { sandbox in
            guard case .soTicket(_, let appToken) = sandbox.credentials else {
                Issue.record("an online sandbox's demo credential is not a ticket: \(sandbox.credentials.scheme)")
                return
            }
            #expect(appToken != nil)
            _ = try await makeClient(sandbox).projectImageInfo(projectId: 1, logger: quietLogger)
        }
    }

    @Test func aTicketThatExpiresMidwayStopsAtOnce() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: SandboxFaults(unauthorizedAfterRequests: 2)), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            _ = try await client.projectImageInfo(projectId: 2, logger: quietLogger)
            let error = await webAPIError { try await client.projectImageInfo(projectId: 3, logger: quietLogger) }
            #expect(error?.code == .unauthorized)
            #expect(error?.attempts == 1)
            let log = await sandbox.requestLog()
            #expect(log.map(\.status) == [200, 200, 401])
            #expect(log.last?.fault == .expiredCredentials)
        }
    }
}
