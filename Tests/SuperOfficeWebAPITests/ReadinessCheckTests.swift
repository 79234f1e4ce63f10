import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// `SuperOfficeClient.checkReadiness`: one read, never retried, against the sandbox over loopback.
@Suite struct ReadinessCheckTests {
    @Test func anAcceptedCredentialIsProvedByA200OrA404() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(knownProjects: [1]), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let found = try await client.checkReadiness(projectId: 1, logger: quietLogger)
            #expect(found.failure == nil && found.credentialAccepted && !found.throttled)
            #expect(found.operation == "GET api/v1/Project/1/Imageinfo" && found.roundTrip > .zero)
            let missing = try await client.checkReadiness(projectId: 7, logger: quietLogger)
            #expect(missing.failure?.code == .notFound && missing.credentialAccepted)
        }
    }

    @Test func aRefusedCredentialIsNotAccepted() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, credentials: .soTicket("7T:wrong", appToken: nil))
            let check = try await client.checkReadiness(logger: quietLogger)
            #expect(check.failure?.code == .unauthorized && !check.credentialAccepted)
        }
    }

    /// A 429 is seen, not waited out: one request, though the client itself retries.
    @Test func throttlingIsSeenOnOneRequest() async throws {
        let faults = SandboxFaults(rateLimitRate: 1, retryAfterSeconds: 30)
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, requestsPerSecond: 0.5)
            let check = try await client.checkReadiness(logger: quietLogger)
            #expect(check.throttled && !check.credentialAccepted && check.failure?.retryAfter == .seconds(30))
            #expect(await sandbox.requestLog().count == 1)
        }
    }
}
