import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// A small version of issue 6's fault drill: 503s, 429s with Retry-After and dropped connections (applied
/// or not) on every operation; every file still ends done exactly once.
@Suite struct FailingServerTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test(.sandbox(SandboxConfiguration(faults: SandboxFaults(
        failureRate: 0.2, failureStatus: 503, rateLimitRate: 0.05, retryAfterSeconds: 1, dropRate: 0.05, dropAppliesOperation: true,
        seed: 42))))
    func everyFileEndsDoneExactlyOnceUnderInjectedFaults() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let count = 24
        try FixtureFolder.goodImages(in: dir, count: count)
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        configuration.retryPolicy = RetryPolicy(maxAttempts: 6, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200))
        var options = IngestOptions()
        options.concurrency = 4
        let ingestor = Ingestor(client: try SuperOfficeClient(configuration: configuration), options: options)

        // whatever the faults leave failed after the client's retries, a rerun finishes
        var reports: [ImportReport] = []
        for _ in 0..<4 {
            let report = try await ingestor.importFolder(dir.path, logger: logger).run()
            reports.append(report)
            if report.isComplete { break }
        }
        let last = try #require(reports.last)
        #expect(last.isComplete, "failures left: \(last.failures)")
        #expect(reports.map(\.done).reduce(0, +) == count, "each file is done in exactly one run")

        let log = await sandbox.server.requestLog()
        #expect(log.contains { $0.fault != nil }, "the drill injected faults")
        for project in 100..<(100 + count) {
            let accepted = log.filter { $0.projectId == project && $0.operation == .putImageInfo && $0.succeeded }
            #expect(accepted.count == 1, "project \(project): \(accepted.count) accepted ImageInfo submits")
            let stored = try #require(await sandbox.server.storedImage(projectId: project))
            let name = (project - 100) % 2 == 0 ? "\(project).jpg" : "\(project).png"
            #expect(stored.bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + name))))
            #expect(stored.info.blobId != nil && stored.info.mimeType != nil)
        }
        let journal = try Journal.openExisting(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        #expect(try await journal.countsByState() == ["done": count])
    }
}

extension FailingServerTests {
    @Test(.sandbox(SandboxConfiguration(faults: SandboxFaults(failureRate: 1, failureStatus: 503, operations: [.putImageInfo]))))
    func anImageInfoSubmitThatKeepsFailingIsFinishedLaterWithoutUploadingAgain() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 2)
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        configuration.retryPolicy = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(20))
        let ingestor = Ingestor(client: try SuperOfficeClient(configuration: configuration))
        let first = try await ingestor.importFolder(dir.path, logger: logger).run()
        #expect(first.failures.count == 2 && first.failures.allSatisfy { $0.stage == .submit && $0.code == .serverError })
        let journal = try Journal.openExisting(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        #expect(try await journal.countsByState() == ["uploaded": 2])
        await sandbox.server.setFaults(.none)
        let second = try await ingestor.importFolder(dir.path, logger: logger).run()
        #expect(second.isComplete && second.done == 2 && second.resumed == 2)
        #expect(await sandbox.records(.uploadImage).count == 2, "no second upload")
    }
}

extension FailingServerTests {
    /// Found by Scripts/drills/kill-loop.sh: a killed run's upload, delayed at the server, landed after the
    /// rerun's upload, so the journal's `uploaded` blob id was no longer the project's image; the ImageInfo submit
    /// was refused (400) on every rerun. A refused submit must leave the file to be uploaded again.
    @Test(.sandbox(SandboxConfiguration(faults: SandboxFaults(failureRate: 1, failureStatus: 503, operations: [.putImageInfo]))))
    func anUploadReplacedOnTheServerIsUploadedAgainOnTheNextRun() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 1)
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        configuration.retryPolicy = RetryPolicy(maxAttempts: 1)
        let client = try SuperOfficeClient(configuration: configuration)
        let ingestor = Ingestor(client: client)
        let first = try await ingestor.importFolder(dir.path, logger: logger).run()
        #expect(first.failures.map(\.code) == [.serverError])
        let journal = try Journal.openExisting(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        #expect(try await journal.countsByState() == ["uploaded": 1])

        // the project's bitmap is replaced behind the journal's back: the recorded blob id is stale
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.path + "/100.jpg")))
        _ = try await client.uploadProjectImage(projectId: 100, bytes: bytes, contentType: "image/jpeg", logger: logger)
        await sandbox.server.setFaults(.none)

        let second = try await ingestor.importFolder(dir.path, logger: logger).run()
        #expect(second.failures.map(\.code) == [.rejected], "the stale blob id is refused")
        let third = try await ingestor.importFolder(dir.path, logger: logger).run()
        #expect(third.isComplete && third.done == 1, "failures left: \(third.failures)")
        #expect(try await journal.countsByState() == ["done": 1])
        let accepted = await sandbox.records(.putImageInfo).filter(\.succeeded)
        #expect(accepted.count == 1)
        let stored = try #require(await sandbox.server.storedImage(projectId: 100))
        #expect(stored.info.blobId == accepted.first?.blobId)
    }
}
