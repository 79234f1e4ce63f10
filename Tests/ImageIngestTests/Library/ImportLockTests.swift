import Foundation
import ImageFixtures
import ImageIngest
import LibC
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// One import of a folder to a server at a time: a second one refuses at once, naming the first, and sends nothing.
@Suite struct ImportLockTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func ingestor(_ sandbox: SandboxHarness) throws -> Ingestor {
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        var options = IngestOptions()
        options.concurrency = 2
        return Ingestor(client: try SuperOfficeClient(configuration: configuration), options: options)
    }

    @Test func theLockIsPerServerAndFreedWhenReleased() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let journal = dir.path + "/journal.sqlite"
        var first: ImportLock? = try ImportLock(journalPath: journal, target: "https://a.example/")
        let other = try ImportLock(journalPath: journal, target: "https://b.example/")
        #expect(other.path != first?.path)
        #expect {
            _ = try ImportLock(journalPath: journal, target: "https://a.example/")
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .alreadyRunning && error.message.contains("pid \(getpid())")
                && error.message.contains("https://a.example/")
        }
        first = nil
        #expect(throws: Never.self) { _ = try ImportLock(journalPath: journal, target: "https://a.example/") }
        withExtendedLifetime(other) {}
    }

    /// Two imports of one folder started together: the second refuses before its first request, the first
    /// uploads every picture once.
    @Test(.timeLimit(.minutes(1)), .sandbox(SandboxConfiguration(faults: SandboxFaults(latency: .milliseconds(50)))))
    func aSecondImportOfTheSameFolderRefusesAtOnce() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 12, side: 16)
        var first = try ingestor(sandbox).importFolder(dir.path, logger: logger).makeAsyncIterator()
        // the first has planned (and holds the lock) once its first file started
        while let event = try await first.next() {
            if case .started = event { break }
        }
        await #expect {
            _ = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .alreadyRunning && error.message.contains("pid \(getpid())")
        }
        var done = 0
        while let event = try await first.next() {
            if case .done = event { done += 1 }
        }
        #expect(done == 12)
        let uploads = await sandbox.records(.uploadImage)
        #expect(uploads.count == 12 && Set(uploads.compactMap(\.projectId)).count == 12)
        // the second looked nothing up: the only project lookup is the first import's
        #expect(await sandbox.records(.listProjects).count == 1)
        // once the first is over, the folder is free again
        let again = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(again.alreadyDone == 12 && again.done == 0)
    }
}
