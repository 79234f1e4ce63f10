import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

@Suite struct TimeoutTests {
    @Test func aServerThatNeverAnswersIsCutOffByTheRequestTimeout() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: SandboxFaults(neverAnswerRate: 1)), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, requestTimeout: .seconds(1))
            let error = await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) }
            #expect(error?.code == .timeout)
            #expect(error?.attempts == 1)  // timeouts are not retried by default
            // on a loaded machine the server may take the request in only after the client gave up: wait for it
            let log = await sandbox.waitForRequestLog { !$0.isEmpty }
            #expect(log.count == 1)
            #expect(log.first?.status == nil)
            #expect(log.first?.fault == .neverAnswer)
        }
    }

    @Test func timeoutsAreRetriedWhenThePolicySaysSo() async throws {
        let faults = SandboxFaults(script: [.neverAnswer])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: quietLogger) { sandbox in
            let policy = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(5), retryOnTimeout: true)
            // 2 s: long enough that the answered retry never times out on a loaded machine or under a sanitizer
            let client = try makeClient(sandbox, retryPolicy: policy, requestTimeout: .seconds(2))
            _ = try await client.projectImageInfo(projectId: 1, logger: quietLogger)
            #expect((await sandbox.requestLog()).map(\.status) == [nil, 200])
        }
    }

    @Test func cancellingTheCallerEndsTheRequest() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: SandboxFaults(neverAnswerRate: 1)), logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, requestTimeout: .seconds(120))
            let task = Task { await webAPIError { try await client.projectImageInfo(projectId: 1, logger: quietLogger) } }
            _ = await sandbox.waitForRequestLog { !$0.isEmpty }
            task.cancel()
            let error = await task.value
            #expect(error?.code == .cancelled || error?.code == .transport)
        }
    }
}
