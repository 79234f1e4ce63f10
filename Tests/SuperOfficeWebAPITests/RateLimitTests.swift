import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The limit is checked where it matters, at the server: no window of one second holds more arrivals than the
/// limit. The tests space starts twice as far apart as the rate alone would (margin 1.0; the default is 10 %):
/// the whole suite shares two cores with the in-process sandbox, and a request woken 300 ms late lands next to
/// the following one. Without the limiter every request would arrive in the same few milliseconds, so the
/// assertion still fails when the limit is not applied.
@Suite struct RateLimitTests {
    static let testMargin = 1.0

    /// The most requests the log shows arriving within any window of `window`.
    static func busiestWindow(_ log: [SandboxRequestRecord], window: Duration) -> Int {
        let times = log.map(\.receivedAt).sorted()
        var busiest = 0
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= window { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        return busiest
    }

    static func gaps(_ log: [SandboxRequestRecord]) -> [Int] {
        let times = log.map(\.receivedAt).sorted()
        return zip(times, times.dropFirst()).map { Int(($1 - $0).components.attoseconds / 1_000_000_000_000_000 + ($1 - $0).components.seconds * 1000) }
    }

    @Test func concurrentCallersShareTheLimit() async throws {
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, requestsPerSecond: 5, rateLimitMargin: Self.testMargin)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for project in 1...8 {
                    group.addTask { _ = try await client.projectImageInfo(projectId: project, logger: quietLogger) }
                }
                try await group.waitForAll()
            }
            let log = await sandbox.requestLog()
            #expect(log.count == 8)
            #expect(Self.busiestWindow(log, window: .seconds(1)) <= 5, "gaps: \(Self.gaps(log))")
        }
    }

    @Test func retriesCountAgainstTheLimit() async throws {
        let faults = SandboxFaults(failureRate: 0.5, seed: 7)
        try await SandboxServer.withSandbox(logger: quietLogger) { sandbox in
            let client = try makeClient(sandbox, retryPolicy: RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(1)), requestsPerSecond: 4, rateLimitMargin: Self.testMargin)
            await sandbox.setFaults(faults)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for project in 1...4 {
                    group.addTask { _ = try await client.projectImageInfo(projectId: project, logger: quietLogger) }
                }
                try await group.waitForAll()
            }
            let log = await sandbox.requestLog()
            #expect(log.count > 4)
            #expect(Self.busiestWindow(log, window: .seconds(1)) <= 4, "gaps: \(Self.gaps(log))")
        }
    }

    @Test func theLimiterSpacesStarts() async throws {
        #expect(RateLimiter(requestsPerSecond: 10).interval == .milliseconds(110))
        #expect(RateLimiter(requestsPerSecond: 0.5).interval == .milliseconds(2200))
        #expect(RateLimiter(requestsPerSecond: 10, margin: 0).interval == .milliseconds(100))
        // Four starts take at least three intervals (a lower bound: sleeping never ends early).
        let limiter = RateLimiter(requestsPerSecond: 20)
        let clock = ContinuousClock()
        let before = clock.now
        for _ in 0..<4 { try await limiter.acquire() }
        #expect(clock.now - before >= limiter.interval * 3)
    }

    @Test func aNonPositiveRateIsAConfigurationError() throws {
        #expect(throws: WebAPIError.self) {
            try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
                baseURL: "https://crm.example.com/SuperOffice/", credentials: .bearer("t"), requestsPerSecond: 0))
        }
    }
}
