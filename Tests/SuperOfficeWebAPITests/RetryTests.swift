import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Retries under injected faults, checked from the sandbox's request log.
@Suite struct RetryTests {
    @Test(arguments: [500, 502, 503, 504, 408])
    func retryableStatusesAreRetried(_ status: Int) async throws {
        let faults = SandboxFaults(script: [.status(status), .status(status)])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let blobId = try await client.uploadProjectImage(projectId: 1, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log.map(\.status) == [status, status, 200])
            #expect(log.filter(\.applied).count == 1)
            #expect(log.last?.blobId == blobId)
        }
    }

    @Test func retriesAreBounded() async throws {
        let faults = SandboxFaults(failureRate: 1, failureStatus: 503)
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, retryPolicy: RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(5)))
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .serverError)
            #expect(error?.status == 503)
            #expect(error?.attempts == 3)
            #expect(error?.errorType == "SandboxInjectedFault")
            #expect((await sandbox.requestLog()).count == 3)
        }
    }

    @Test(arguments: [400, 401, 403, 404, 409, 415, 421])
    func otherClientErrorsAreNeverRetried(_ status: Int) async throws {
        let faults = SandboxFaults(script: [.status(status)])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let error = await webAPIError { try await client.putProjectImageInfo(projectId: 1, BlobEntity(description: "x"), logger: quietLogger) }
            #expect(error?.status == status)
            #expect(error?.attempts == 1)
            #expect((await sandbox.requestLog()).count == 1)
        }
    }

    @Test func wrongHostSaysToUseTheNumberedHost() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: SandboxFaults(script: [.status(421)])), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let error = try #require(await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) })
            #expect(error.code == .wrongHost)
            #expect(error.description.contains("numbered host"))
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        let faults = SandboxFaults(script: [.rateLimited(retryAfterSeconds: 1)])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log.map(\.status) == [429, 200])
            // The retry came no sooner than the server asked (a lower bound, not a speed).
            #expect(log[1].receivedAt - log[0].receivedAt >= .seconds(1))
        }
    }

    @Test func aRetryAfterBeyondThePolicyEndsTheRetries() async throws {
        let faults = SandboxFaults(script: [.rateLimited(retryAfterSeconds: 3600)])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .rateLimited)
            #expect(error?.retryAfter == .seconds(3600))
            #expect((await sandbox.requestLog()).count == 1)
        }
    }

    @Test func persistentThrottlingEndsAsRateLimited() async throws {
        let faults = SandboxFaults(rateLimitRate: 1, retryAfterSeconds: 0)
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, retryPolicy: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(5)))
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .rateLimited)
            #expect(error?.attempts == 2)
        }
    }

    @Test func droppedConnectionsAreRetriedAndTheOperationHappensOnce() async throws {
        let faults = SandboxFaults(script: [.dropConnection, .dropConnection])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let info = BlobEntity(description: "once")
            let stored = try await client.putProjectImageInfo(projectId: 8, info, logger: quietLogger)
            #expect(stored.description == "once")
            let log = await sandbox.requestLog()
            #expect(log.count == 3)
            #expect(log.map(\.fault) == [.dropConnection, .dropConnection, nil])
            #expect(log.filter(\.succeeded).count == 1)
            #expect(log.filter(\.applied).count == 1)
        }
    }

    @Test func aDropAfterTheChangeStillEndsWithOneSuccessfulOutcome() async throws {
        let faults = SandboxFaults(script: [.dropConnection], dropAppliesOperation: true)
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox)
            let blobId = try await client.uploadProjectImage(projectId: 8, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            let log = await sandbox.requestLog()
            #expect(log.filter(\.applied).count == 2)      // the server did the work twice …
            #expect(log.filter(\.succeeded).count == 1)    // … and the client saw one answer
            #expect(blobId == 1002)
            #expect(await sandbox.storedImage(projectId: 8)?.info.blobId == blobId)
        }
    }

    @Test func aMixOfFaultsStillCompletesEveryProjectExactlyOnce() async throws {
        let faults = SandboxFaults(
            failureRate: 0.2, rateLimitRate: 0.05, retryAfterSeconds: 0, dropRate: 0.05,
            latency: .milliseconds(1), latencyTailRate: 0.05, latencyTail: .milliseconds(30), seed: 42)
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, retryPolicy: RetryPolicy(maxAttempts: 12, initialBackoff: .milliseconds(2), maxBackoff: .milliseconds(20)))
            try await Self.submitAll(client: client, projects: 1...40)
            let log = await sandbox.requestLog()
            #expect(log.contains { $0.fault != nil })
            var descriptions = [Int: String]()
            for project in 1...40 {
                descriptions[project] = await sandbox.storedImage(projectId: project)?.info.description
            }
            for project in 1...40 {
                let puts = log.filter { $0.projectId == project && $0.operation == .putImageInfo && $0.succeeded }
                #expect(puts.count == 1, "project \(project)")
                #expect(descriptions[project] == "p\(project)")
            }
        }
    }

    /// Uploads and describes a picture for each project, concurrently.
    static func submitAll(client: SuperOfficeClient, projects: ClosedRange<Int>) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for project in projects {
                group.addTask {
                    let blobId = try await client.uploadProjectImage(projectId: project, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
                    _ = try await client.putProjectImageInfo(projectId: project, BlobEntity(blobId: blobId, description: "p\(project)"), logger: quietLogger)
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func backoffGrowsAndStaysWithinItsBounds() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(100), maxBackoff: .seconds(1), multiplier: 2, jitter: 0.5)
        #expect(policy.backoff(beforeRetry: 1, random: 0) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 2, random: 0) == .milliseconds(200))
        #expect(policy.backoff(beforeRetry: 3, random: 1) == .milliseconds(200))
        #expect(policy.backoff(beforeRetry: 10, random: 0) == .seconds(1))
        #expect(RetryPolicy.isRetryable(status: 503) && RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 408))
        #expect(!RetryPolicy.isRetryable(status: 400) && !RetryPolicy.isRetryable(status: 421) && !RetryPolicy.isRetryable(status: 401))
    }
}
