import Foundation
import ImageCodecs
import ImageFixtures
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The library API, in-process against the sandbox.
@Suite struct IngestorTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func ingestor(_ sandbox: SandboxHarness, _ configure: (inout IngestOptions) -> Void = { _ in }) throws -> Ingestor {
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        var options = IngestOptions()
        configure(&options)
        return Ingestor(client: try SuperOfficeClient(configuration: configuration), options: options)
    }

    @Test(.sandbox()) func ingestsBytesKeepingTheServersDescriptionWhenNoneIsGiven() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let first = try ingestor(sandbox) { $0.description = "Kept"; $0.conceptualType = "Photo" }
        _ = try await first.ingest(bytes: FixtureImage.jpeg(seed: 1), name: "a.jpg", projectId: 31, logger: logger)
        let png = FixtureImage.png(width: 20, height: 10, seed: 2)
        let second = try ingestor(sandbox) { $0.extraInfo = .fixed("imported") }
        let result = try await second.ingest(bytes: png, name: "b.png", projectId: 31, logger: logger)
        #expect(result.header.format.mimeType == "image/png")
        #expect(result.uploaded && result.blobId != nil)
        let stored = try #require(await sandbox.server.storedImage(projectId: 31))
        #expect(stored.bytes == png)
        #expect(stored.info.description == "Kept")
        #expect(stored.info.conceptualType == "Photo")
        #expect(stored.info.extraInfo == "imported")
        #expect(stored.info.mimeType == "image/png" && stored.info.originalSize == png.count)
    }

    @Test(.sandbox()) func zippedPayloadsCarryTheirSizes() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let png = FixtureImage.png(width: 64, height: 64, color: .gray, seed: 3)
        let result = try await ingestor(sandbox) { $0.zip = .always(level: 9) }
            .ingest(bytes: png, name: "z.png", projectId: 32, logger: logger)
        #expect(result.isZipped && result.originalSize == png.count)
        let stored = try #require(await sandbox.server.storedImage(projectId: 32))
        #expect(stored.info.isZipped == true)
        #expect(stored.info.blobSize == result.blobSize && stored.info.originalSize == png.count)
    }

    @Test(.sandbox()) func aFailureNamesItsStageAndSendsNothing() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let ingestor = try ingestor(sandbox)
        await #expect { try await ingestor.ingest(bytes: Array("GIF89a....".utf8), name: "x.gif", projectId: 1, logger: logger) }
            throws: { ($0 as? IngestError)?.stage == .probe && ($0 as? IngestError)?.code == .truncated }
        await #expect { try await ingestor.ingest(bytes: Array("%PDF-1.4\n%....".utf8), name: "x.pdf", projectId: 1, logger: logger) }
            throws: { ($0 as? IngestError)?.stage == .probe && ($0 as? IngestError)?.code == .unsupportedFormat }
        await #expect { try await ingestor.ingest(bytes: FixtureFolder.truncatedJPEG(), name: "t.jpg", projectId: 1, logger: logger) }
            throws: { ($0 as? IngestError)?.stage == .verify }
        #expect(await sandbox.server.requestLog().isEmpty)
    }

    @Test(.sandbox()) func folderImportEventsEndWithTheReportAndOddFilesDoNotStopTheBatch() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 3)
        try dir.write("200.jpg", [])                                   // empty
        #expect(mkfifo(dir.path + "/201.jpg", 0o644) == 0)              // a FIFO never blocks the import
        try dir.write("202.jpg", Array("plain text, not a picture".utf8))
        // a file whose name is not UTF-8 (bytes "203\xff.jpg") is reported, not skipped silently
        let rawName: [UInt8] = Array((dir.path + "/203").utf8) + [0xFF] + Array(".jpg".utf8) + [0]
        let fd = rawName.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        var settings = FolderImportSettings()
        settings.journalPath = dir.path + "/journal.sqlite"
        var events: [ImportEvent] = []
        for try await event in try ingestor(sandbox).importFolder(dir.path, settings: settings, logger: logger) {
            events.append(event)
        }
        guard case .planned(let files, _, _, let failedUpFront) = events.first, case .finished(let report) = events.last else {
            Issue.record("expected planned … finished, got \(events)")
            return
        }
        #expect(files == 5 && failedUpFront == 2)
        #expect(report.done == 3)
        #expect(Set(report.failures.map { $0.path ?? "" }) == ["200.jpg", "201.jpg", "202.jpg", "203\u{FFFD}.jpg"])
        #expect(report.failures.first { $0.path == "202.jpg" }?.code == .notAnImage)
        #expect(report.failures.first { $0.path == "201.jpg" }?.code == .notARegularFile)
        let journal = try Journal.openExisting(path: settings.journalPath!, logger: logger)
        #expect(try await journal.countsByState() == ["done": 3, "failed": 2])
    }

    @Test(.sandbox(SandboxConfiguration(faults: SandboxFaults(unauthorizedAfterRequests: 7))))
    func aTicketExpiringMidImportStopsItAndARerunFinishesWithoutRepeats() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 8)
        let importer = try ingestor(sandbox) { $0.concurrency = 1 }
        let report = try await importer.importFolder(dir.path, logger: logger).run()
        guard case .authenticationRefused(let error) = report.stopReason else {
            Issue.record("expected an authentication stop, got \(String(describing: report.stopReason))")
            return
        }
        #expect(error.code == .unauthorized)
        #expect(report.failures.isEmpty && report.done < 8 && report.notFinished == 8 - report.done)
        await sandbox.server.setFaults(.none)
        let rerun = try await importer.importFolder(dir.path, logger: logger).run()
        #expect(rerun.isComplete)
        #expect(rerun.done + rerun.alreadyDone == 8)
        let log = await sandbox.server.requestLog()
        for project in 100..<108 {
            let accepted = log.filter { $0.projectId == project && $0.operation == .uploadImage && $0.succeeded }
            #expect(accepted.count == 1, "project \(project) uploaded \(accepted.count) times")
        }
    }

    /// The journal counts each attempt at a file: a forced rerun is a second attempt, a file skipped as done is none.
    @Test(.sandbox()) func theJournalCountsEveryAttempt() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 3)
        let importer = try ingestor(sandbox)
        func entries() async throws -> [JournalEntry] {
            try await Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger).allEntries()
        }
        #expect(try await importer.importFolder(dir.path, logger: logger).run().done == 3)
        #expect(try await entries().map(\.attempts) == [1, 1, 1])
        #expect(try await importer.importFolder(dir.path, logger: logger).run().alreadyDone == 3)
        #expect(try await entries().map(\.attempts) == [1, 1, 1])
        var forced = FolderImportSettings()
        forced.force = true
        // the journal set aside, the server still shows each file: unchanged on server, recorded as an attempt
        #expect(try await importer.importFolder(dir.path, settings: forced, logger: logger).run().unchangedOnServer == 3)
        let again = try await entries()
        #expect(again.map(\.attempts) == [2, 2, 2])
        #expect(again.allSatisfy { if case .done = $0.state { true } else { false } })
    }

    /// A file that fails before any request (here at verify) counts one attempt a run, and its code is the
    /// one `probe` gives the same damage (`truncated`, not a catch-all).
    @Test(.sandbox()) func aFileFailingBeforeItsUploadCountsAnAttemptEveryRun() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("105.jpg", FixtureFolder.truncatedJPEG())
        let importer = try ingestor(sandbox)
        for run in 1...3 {
            let report = try await importer.importFolder(dir.path, logger: logger).run()
            #expect(report.failures.map(\.code) == [.truncated])
            let entry = try #require(try await Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger).allEntries().first)
            #expect(entry.attempts == run)
        }
    }

    /// A rerun hashes a done file whose time stamp changed but not its size: the same content is skipped
    /// (no upload), other content of the same size is imported again.
    @Test(.sandbox()) func aTouchedFileIsSkippedAndNewContentOfTheSameSizeIsImported() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = FixtureImage.jpeg(seed: 40)
        let touched = try dir.write("400.jpg", original)
        let edited = try dir.write("401.jpg", original)
        let importer = try ingestor(sandbox)
        #expect(try await importer.importFolder(dir.path, logger: logger).run().done == 2)

        let later = Date(timeIntervalSinceNow: 120)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: touched)
        // another horizontal density in the JFIF header: a valid image of the same size, other bytes
        var changed = original
        #expect(Array(changed[6..<10]) == Array("JFIF".utf8))
        changed[15] ^= 0x01
        try Data(changed).write(to: URL(fileURLWithPath: edited))
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: edited)

        let rerun = try await importer.importFolder(dir.path, logger: logger).run()
        #expect(rerun.alreadyDone == 1 && rerun.done == 1 && rerun.failures.isEmpty)
        let uploads = await sandbox.records(.uploadImage).compactMap(\.projectId).sorted()
        #expect(uploads == [400, 401, 401], "the touched file is not uploaded again")
        #expect(await sandbox.server.storedImage(projectId: 401)?.bytes == changed)
        // the touched file's row now has its new time stamp: the next run skips it without hashing
        let third = try await importer.importFolder(dir.path, logger: logger).run()
        #expect(third.alreadyDone == 2 && third.done == 0)
    }

    /// A budget smaller than any file still imports every file, one holding bytes at a time: with 100 ms on
    /// every request, each upload starts at least 100 ms after the one before (the earlier file gives its
    /// bytes back only when its upload is answered).
    @Test(.timeLimit(.minutes(1)), .sandbox(SandboxConfiguration(faults: SandboxFaults(latency: .milliseconds(100)))))
    func aMemoryBudgetSmallerThanEveryFileLetsOneFileHoldBytesAtATime() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 5)
        let importer = try ingestor(sandbox) { $0.concurrency = 8; $0.memoryBudget = 1 }
        let report = try await importer.importFolder(dir.path, logger: logger).run()
        #expect(report.isComplete && report.done == 5)
        let uploads = await sandbox.records(.uploadImage).map(\.receivedAt).sorted()
        #expect(uploads.count == 5)
        for (earlier, later) in zip(uploads, uploads.dropFirst()) {
            #expect(later - earlier >= .milliseconds(100))
        }
    }

    /// A consumer that stops taking events holds back new files, so events never pile up in memory; the
    /// files in flight finish, and the import goes on when events are taken again.
    @Test(.timeLimit(.minutes(1)), .sandbox())
    func aConsumerThatStopsTakingEventsHoldsBackNewFiles() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 30)
        var settings = FolderImportSettings()
        settings.eventBacklogLimit = 4
        let importer = try ingestor(sandbox) { $0.concurrency = 2 }
        var events = importer.importFolder(dir.path, settings: settings, logger: logger).makeAsyncIterator()
        guard case .planned(let files, _, _, _) = try await events.next() else {
            Issue.record("the first event is not .planned")
            return
        }
        #expect(files == 30)
        // the 2 files in flight finish though nobody takes their events: wait for their ImageInfo submits
        let paused = await sandbox.server.waitForRequestLog { $0.filter { $0.operation == .putImageInfo && $0.succeeded }.count >= 2 }
        let resumed = ContinuousClock.now
        let inFlight = Set(paused.filter { $0.operation == .uploadImage }.compactMap(\.projectId))
        let uploadedWhilePaused = await sandbox.records(.uploadImage).count
        #expect(uploadedWhilePaused <= 2, "only the 2 files in flight may go on while nobody takes events")
        var done = 0
        while let event = try await events.next() {
            if case .done = event { done += 1 }
        }
        #expect(done == 30)
        let early = await sandbox.records(.uploadImage).filter { !inFlight.contains($0.projectId ?? 0) && $0.receivedAt < resumed }
        #expect(early.isEmpty, "no other file started before events were taken again")
    }

    @Test(.timeLimit(.minutes(1)), .sandbox(SandboxConfiguration(faults: SandboxFaults(latency: .milliseconds(200)))))
    func cancellingTheImportLeavesUnfinishedFilesForTheNextRun() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 6)
        let folderImport = try ingestor(sandbox) { $0.concurrency = 2 }.importFolder(dir.path, logger: logger)
        let task = Task { try await folderImport.run() }
        _ = await sandbox.server.waitForRequestLog { $0.contains { $0.operation == .uploadImage } }
        task.cancel()
        _ = try? await task.value
        // let the cancelled requests wind down: the sandbox says when it handles none
        await sandbox.server.waitUntilIdle()
        let journal = try Journal(path: Journal.defaultPath(forFolder: dir.path), logger: logger)
        let entries = try await journal.allEntries()
        #expect(entries.allSatisfy { if case .failed = $0.state { false } else { true } }, "cancelled is not failed")
        let done = entries.filter { if case .done = $0.state { true } else { false } }
        #expect(done.count < 6)
        let log = await sandbox.server.requestLog()
        for entry in done {
            #expect(log.contains { $0.projectId == entry.projectId && $0.operation == .putImageInfo && $0.succeeded })
        }
        let rerun = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(rerun.isComplete && rerun.done + rerun.alreadyDone == 6)
    }
}
