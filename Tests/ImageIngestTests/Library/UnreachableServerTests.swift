import ImageFixtures
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// An import against a server that cannot be reached: it stops after a few files in a row, leaving them
/// pending; fewer than that are plain failures (and still never recorded as failed in the journal).
@Suite struct UnreachableServerTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func ingestor(port: Int) throws -> Ingestor {
        var configuration = SuperOfficeClientConfiguration(baseURL: "http://127.0.0.1:\(port)/", credentials: .soTicket("7T:x", appToken: nil))
        configuration.requestsPerSecond = nil
        configuration.retryPolicy = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5))
        var options = IngestOptions()
        options.concurrency = 2
        return Ingestor(client: try SuperOfficeClient(configuration: configuration), options: options)
    }

    /// Imports `folder`, counting the files that started; answers that count and the closing report.
    func importCountingStarts(
        _ ingestor: Ingestor, _ folder: String, settings: FolderImportSettings = FolderImportSettings()
    ) async throws -> (started: Int, report: ImportReport) {
        var started = 0
        var report = ImportReport()
        for try await event in ingestor.importFolder(folder, settings: settings, logger: logger) {
            if case .started = event { started += 1 }
            if case .finished(let final) = event { report = final }
        }
        return (started, report)
    }

    @Test func threeFilesInARowThatCannotConnectStopTheImport() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 10, side: 16)
        let port = try closedLoopbackPort()
        var settings = FolderImportSettings()
        settings.stopAfterUnreachableFiles = 3
        let report = try await ingestor(port: port).importFolder(dir.path, settings: settings, logger: logger).run()
        guard case .serverUnreachable(let server, let error) = report.stopReason else {
            Issue.record("expected a stop for an unreachable server, got \(String(describing: report.stopReason))")
            return
        }
        #expect(server == "http://127.0.0.1:\(port)/")
        #expect(error.code == .unreachable)
        #expect(error.message.contains("connection refused"))
        #expect(report.failures.isEmpty)
        #expect(report.done == 0 && report.notFinished == 10)
        let counts = try await Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger).countsByState()
        #expect(counts["failed"] == nil, "\(counts)")
    }

    @Test func fewerThanTheLimitAreFailuresButStayPendingInTheJournal() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 2, side: 16)
        let port = try closedLoopbackPort()
        // the per-file rule, past the resolve stage (which would stop first: see the test below)
        var settings = FolderImportSettings()
        settings.lookUpProjects = false
        let report = try await ingestor(port: port).importFolder(dir.path, settings: settings, logger: logger).run()
        #expect(report.stopReason == nil)
        #expect(report.failures.map(\.code) == [.unreachable, .unreachable])
        #expect(report.notFinished == 0)
        let counts = try await Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger).countsByState()
        #expect(counts == ["pending": 2])
    }

    /// A server that cannot be reached when the projects are looked up: nothing is sent, nothing fails, every
    /// file stays for the next run, and the import stops saying so.
    @Test func anUnreachableServerAtTheLookupStopsBeforeAnyFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 4, side: 16)
        let port = try closedLoopbackPort()
        var settings = FolderImportSettings()
        settings.match = .number
        let (started, report) = try await importCountingStarts(try ingestor(port: port), dir.path, settings: settings)
        guard case .serverUnreachable(_, let error) = report.stopReason else {
            Issue.record("expected a stop for an unreachable server, got \(String(describing: report.stopReason))")
            return
        }
        #expect(error.stage == .resolve && error.code == .unreachable)
        #expect(started == 0 && report.failures.isEmpty && report.notFinished == 4)
    }

    /// A server that takes the lookup in and never answers it (the drill `never-answers` with a silent lookup): the
    /// import stops as for one that cannot be reached, within the request timeout, with no file started.
    @Test func aLookupThatIsNeverAnsweredStopsBeforeAnyFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 3, side: 16)
        let faults = SandboxFaults(neverAnswerRate: 1, operations: [.listProjects])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: logger) { sandbox in
            var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.baseURL, credentials: sandbox.credentials)
            configuration.requestsPerSecond = nil
            configuration.requestTimeout = .milliseconds(300)
            let ingestor = Ingestor(client: try SuperOfficeClient(configuration: configuration))
            let (started, report) = try await importCountingStarts(ingestor, dir.path)
            guard case .serverUnreachable(_, let error) = report.stopReason else {
                Issue.record("expected a stop for a server that does not answer, got \(String(describing: report.stopReason))")
                return
            }
            #expect(error.stage == .resolve && error.code == .timeout)
            #expect(started == 0 && report.failures.isEmpty && report.notFinished == 3)
            let operations = await sandbox.requestLog().map(\.operation)
            #expect(Set(operations) == [.listProjects], "\(operations)")
        }
    }

    /// A lookup the server keeps failing (503 after every retry): the same stop, the error's own code kept.
    @Test func aLookupTheServerKeepsFailingStopsBeforeAnyFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 2, side: 16)
        let faults = SandboxFaults(failureRate: 1, failureStatus: 503, operations: [.listProjects])
        try await SandboxServer.withSandbox(SandboxConfiguration(faults: faults), logger: logger) { sandbox in
            var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.baseURL, credentials: sandbox.credentials)
            configuration.requestsPerSecond = nil
            configuration.retryPolicy = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5))
            let report = try await Ingestor(client: try SuperOfficeClient(configuration: configuration))
                .importFolder(dir.path, logger: logger).run()
            guard case .serverUnreachable(_, let error) = report.stopReason else {
                Issue.record("expected a stop, got \(String(describing: report.stopReason))")
                return
            }
            #expect(error.stage == .resolve && error.code == .serverError)
            #expect(report.failures.isEmpty && report.notFinished == 2 && report.done == 0)
            #expect(await sandbox.requestLog().allSatisfy { $0.operation == .listProjects })
        }
    }
}
