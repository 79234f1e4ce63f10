import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// No credential in a log line, an error description or a configuration description.
@Suite struct SecretsTests {
    static let ticket = "7T:c2VjcmV0LXRpY2tldC12YWx1ZQ=="
    static let appToken = "app-token-0123456789"

    @Test func noSecretInLogsOrErrorsAcrossFailures() async throws {
        let credentials = Credentials.soTicket(Self.ticket, appToken: Self.appToken)
        let faults = SandboxFaults(script: [.status(503), .dropConnection, .rateLimited(retryAfterSeconds: 0), .status(400), .expiredCredentials])
        let configuration = SandboxConfiguration(mode: .online, acceptedCredentials: [credentials], faults: faults)
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            let captured = CapturedLog()
            let logger = captured.logger()
            let client = try makeClient(sandbox, credentials: credentials)
            var descriptions = [String]()
            // 503, drop, 429 then 400: one error; then 401.
            if let error = await webAPIError({ try await client.uploadProjectImage(projectId: 1, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: logger) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }
            if let error = await webAPIError({ try await client.projectImageInfo(projectId: 1, logger: logger) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }
            // Wrong credentials, so a refusal could echo them.
            let wrong = try makeClient(sandbox, credentials: .soTicket("7T:wrong-ticket-value", appToken: "wrong-app-token"))
            if let error = await webAPIError({ try await wrong.projectImageInfo(projectId: 1, logger: logger) }) {
                descriptions += ["\(error)", String(reflecting: error)]
            }
            descriptions.append("\(client.configuration)")
            #expect(descriptions.count == 7)
            #expect(captured.lines.count > 3)
            let everything = descriptions.joined(separator: "\n") + captured.text
            for secret in [Self.ticket, Self.appToken, "7T:wrong-ticket-value", "wrong-app-token", "c2VjcmV0LXRpY2tldC12YWx1ZQ"] {
                #expect(!everything.contains(secret))
            }
            #expect(captured.text.contains("will be retried"))
        }
    }

    @Test func theSandboxLogNeverHoldsSecrets() async throws {
        let captured = CapturedLog()
        let credentials = Credentials.basic(username: "tje0", password: "pass-word-secret")
        let log = try await SandboxServer.withSandbox(SandboxConfiguration(acceptedCredentials: [credentials]), logger: captured.logger(label: "sandbox")) { sandbox in
            let client = try makeClient(sandbox, credentials: credentials)
            _ = try await client.uploadProjectImage(projectId: 2, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            _ = await webAPIError { try await makeClient(sandbox, credentials: .basic(username: "tje0", password: "other-secret")).projectImageInfo(projectId: 2, logger: quietLogger) }
            return await sandbox.requestLog()
        }
        #expect(captured.lines.count >= 2)
        for secret in ["pass-word-secret", "other-secret", "dGplMDpwYXNzLXdvcmQtc2VjcmV0"] {
            #expect(!captured.text.contains(secret))
        }
        #expect(log.map(\.credentialScheme) == ["Basic", "Basic"])
    }
}

@Suite struct ClientConfigurationTests {
    @Test(arguments: ["http://crm.example.com/SuperOffice/", "http://10.0.0.5/site/", "http://sod2.superoffice.com/Cust1/"])
    func plainHTTPToANonLoopbackHostIsRefused(_ url: String) throws {
        let error = #expect(throws: WebAPIError.self) {
            try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: url, credentials: .bearer("secret-token")))
        }
        #expect(error?.code == .insecureTransport)
        #expect(error?.description.contains("secret-token") == false)
        // … unless explicitly allowed.
        _ = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: url, credentials: .bearer("t"), allowInsecureHTTP: true))
    }

    @Test(arguments: ["http://127.0.0.1:8080/", "http://localhost/SuperOffice/", "http://[::1]:9000/", "https://crm.example.com/SuperOffice"])
    func loopbackOrHTTPSIsAccepted(_ url: String) throws {
        _ = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: url, credentials: .bearer("t")))
    }

    @Test func baseURLsAreNormalised() throws {
        func normalised(_ url: String) throws -> String {
            try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: url, credentials: .bearer("t"))).baseURL
        }
        #expect(try normalised("https://sod2.superoffice.com/Cust12345") == "https://sod2.superoffice.com/Cust12345/")
        #expect(try normalised("https://sod2.superoffice.com/Cust12345/api/v1/") == "https://sod2.superoffice.com/Cust12345/")
        #expect(try normalised("https://crm.example.com/SuperOffice/api") == "https://crm.example.com/SuperOffice/")
        #expect(try normalised("HTTPS://crm.example.com") == "https://crm.example.com/")
    }

    @Test(arguments: ["ftp://host/", "crm.example.com/SuperOffice", "https://user:pw@crm.example.com/", "https:///x", "https://host/?q=1", "https://host:99999/"])
    func unusableBaseURLsAreRefused(_ url: String) {
        let error = #expect(throws: WebAPIError.self) {
            try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: url, credentials: .bearer("t")))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("pw") == false)
    }

    @Test func badProjectIdsAreRefusedBeforeAnyRequest() async throws {
        let client = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: "http://127.0.0.1:9/", credentials: .bearer("t")))
        let error = await webAPIError { try await client.projectImageInfo(projectId: 0, logger: quietLogger) }
        #expect(error?.code == .invalidArgument)
    }

    /// A refused connection is told apart from a dropped one, retried as the policy says, reported at once
    /// (not after the connection pool's own silent retries until the deadline), and in plain words.
    @Test func aRefusedConnectionIsCannotConnectInPlainWords() async throws {
        let port = try closedLoopbackPort()
        let client = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
            baseURL: "http://127.0.0.1:\(port)/", credentials: .bearer("t"),
            retryPolicy: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1)), requestTimeout: .seconds(30)))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
        #expect(clock.now - started < .seconds(20), "a refused connection must not wait for the request timeout (30 s)")
        #expect(error?.code == .cannotConnect)
        #expect(error?.attempts == 2)
        let text = error?.description ?? ""
        #expect(text.contains("connection refused by 127.0.0.1:\(port)"), "\(text)")
        #expect(!text.contains("WebAPIError") && !text.contains("errno") && !text.contains("reset"), "\(text)")
        #expect(text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count, "\(text)")
        #expect(text.filter { $0 == "[" }.count == text.filter { $0 == "]" }.count, "\(text)")
    }

    /// Once several attempts in a row, across requests, could not connect, the requests in flight stop
    /// retrying, so that an import learns at once that the server is gone.
    @Test func manyRefusedConnectionsInARowStopTheRetries() async throws {
        let port = try closedLoopbackPort()
        let client = try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
            baseURL: "http://127.0.0.1:\(port)/", credentials: .bearer("t"),
            retryPolicy: RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(200), jitter: 0, connectFailuresBeforeGivingUp: 3)))
        let errors = await withTaskGroup(of: WebAPIError?.self) { group in
            for project in 1...6 {
                group.addTask { await webAPIError { try await client.projectImageInfo(projectId: project, logger: quietLogger) } }
            }
            var errors: [WebAPIError] = []
            for await error in group { if let error { errors.append(error) } }
            return errors
        }
        #expect(errors.count == 6)
        #expect(errors.allSatisfy { $0.code == .cannotConnect })
        // without the rule every request would make 4 attempts: 24 in all
        #expect(errors.map(\.attempts).reduce(0, +) < 24, "\(errors.map(\.attempts))")
        #expect(errors.contains { $0.message.contains("in a row failed, so this one is not retried") })
    }

    @Test func aRefusalBeforeAnyRequestClaimsNoAttempt() {
        let error = #expect(throws: WebAPIError.self) {
            try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(baseURL: "http://crm.example.com/", credentials: .bearer("t")))
        }
        #expect(error?.code == .insecureTransport)
        #expect(error?.attempts == 0)
        #expect(error?.description.contains("attempt") == false)
    }
}

@Suite struct RedirectTests {
    @Test func aRedirectIsNotFollowedSoCredentialsStayWithTheHost() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { elsewhere in
            let faults = SandboxFaults(script: [.redirect(location: elsewhere.baseURL + "api/v1/Project/1/Imageinfo")])
            try await SandboxServer.withSandbox(SandboxConfiguration(mode: .online, faults: faults), logger: quietLogger) { sandbox in
                let client = try makeClient(sandbox)
                let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
                #expect(error?.code == .unexpectedStatus)
                #expect(error?.status == 307)
                #expect(error?.description.contains("not followed") == true)
                #expect(await elsewhere.requestLog().isEmpty)
            }
        }
    }

    @Test func clearingTheRequestLogKeepsCounting() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            await sandbox.clearRequestLog()
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            #expect((await sandbox.requestLog()).map(\.sequence) == [2])
        }
    }
}
