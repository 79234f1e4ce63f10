import Foundation
import ImageCodecs
import ImageFixtures
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Every picture an import replaces is kept first, and `undo` puts it back: the same bytes, the same ImageInfo,
/// only on projects that still show what the import put there.
@Suite struct UndoTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func client(_ sandbox: SandboxHarness) throws -> SuperOfficeClient {
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        return try SuperOfficeClient(configuration: configuration)
    }

    func ingestor(_ sandbox: SandboxHarness, existing: ExistingImagePolicy = .ifDifferent, dryRun: Bool = false) throws -> Ingestor {
        var options = IngestOptions()
        options.concurrency = 4
        options.existing = existing
        options.dryRun = dryRun
        return Ingestor(client: try client(sandbox), options: options)
    }

    /// Puts a picture onto `projectId` as a person would in the CRM: its bitmap, then an ImageInfo describing it.
    func seedPicture(_ client: SuperOfficeClient, projectId: Int, bytes: [UInt8], description: String) async throws {
        let blobId = try await client.uploadProjectImage(projectId: projectId, bytes: bytes, contentType: "image/png", logger: logger)
        _ = try await client.putProjectImageInfo(
            projectId: projectId,
            BlobEntity(blobId: blobId, blobSize: bytes.count, description: description, extraInfo: "by hand", isZipped: false,
                       mimeType: "image/png", originalSize: bytes.count, conceptualType: "PHOTO"),
            logger: logger)
    }

    func sha256(_ bytes: [UInt8]?) -> String? { bytes.map(ImagePacker.sha256Hex) }

    /// The issue's check: 50 projects with pictures, replaced by an import, then undone; one changed by hand in
    /// between is reported and left alone.
    @Test(.timeLimit(.minutes(2)), .sandbox()) func undoPutsBackEveryReplacedPictureButOneChangedSince() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var old: [Int: String] = [:]
        for id in 100..<150 {
            let bytes = FixtureImage.png(width: 12, height: 9, seed: 5_000 + id)
            old[id] = ImagePacker.sha256Hex(bytes)
            try await seedPicture(client, projectId: id, bytes: bytes, description: "old \(id)")
        }
        try FixtureFolder.goodImages(in: dir, count: 50, firstId: 100, side: 16)
        let report = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(report.done == 50 && report.keptPictures == 50, "\(report)")
        let runId = try #require(report.runId)
        #expect(report.backupsFolder == dir.path + "/.image-ingest/backups")
        for id in 100..<150 { #expect(sha256(await sandbox.server.storedImage(projectId: id)?.bytes) != old[id]) }

        // someone changes project 107 by hand after the import
        let byHand = FixtureImage.png(width: 10, height: 10, seed: 77)
        try await seedPicture(client, projectId: 107, bytes: byHand, description: "chosen by hand")

        let undo = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(undo.count(.restored) == 49 && undo.count(.changedSince) == 1, "\(undo.entries.filter { $0.outcome != .restored })")
        #expect(!undo.isComplete)
        let left = try #require(undo.entries.first { $0.projectId == 107 })
        #expect(left.outcome == .changedSince && left.runIds == [runId] && left.message.contains("changed since"))
        for id in 100..<150 where id != 107 {
            let stored = await sandbox.server.storedImage(projectId: id)
            #expect(sha256(stored?.bytes) == old[id], "project \(id)")
            #expect(stored?.info.description == "old \(id)" && stored?.info.conceptualType == "PHOTO" && stored?.info.extraInfo == "by hand")
            #expect(stored?.info.originalSize == stored?.bytes?.count)
        }
        let kept = await sandbox.server.storedImage(projectId: 107)
        #expect(sha256(kept?.bytes) == ImagePacker.sha256Hex(byHand) && kept?.info.description == "chosen by hand")

        // undone files are new again to the next import; the one left stays done
        let again = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(again.done == 49 && again.alreadyDone == 1, "\(again)")
        // a second undo of the first run finds only project 107, still changed since
        let second = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [runId], logger: logger)
        #expect(second.entries.map(\.projectId) == [107] && second.entries.first?.outcome == .changedSince)
    }

    /// A project that had no picture keeps the new one unless asked; a dry run changes nothing.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func newPicturesGoOnlyWithRemoveNewAndADryRunChangesNothing() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let before = FixtureImage.png(width: 8, height: 8, seed: 3)
        try await seedPicture(client, projectId: 101, bytes: before, description: "before")
        try FixtureFolder.goodImages(in: dir, count: 2, firstId: 100, side: 16)
        let report = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(report.done == 2 && report.keptPictures == 1)

        let uploadsBefore = await sandbox.records(.uploadImage).count
        let plan = try await ingestor(sandbox, dryRun: true).undoImport(ofFolder: dir.path, removeNew: true, logger: logger)
        #expect(plan.dryRun && plan.entries.map(\.outcome) == [.wouldRemove, .wouldRestore], "\(plan.entries)")
        #expect(await sandbox.records(.uploadImage).count == uploadsBefore)
        #expect(await sandbox.records(.deleteImage).isEmpty)

        let first = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(first.entries.map(\.outcome) == [.keptNew, .restored] && first.isComplete, "\(first.entries)")
        #expect(await sandbox.server.storedImage(projectId: 100)?.bytes != nil)
        #expect(sha256(await sandbox.server.storedImage(projectId: 101)?.bytes) == ImagePacker.sha256Hex(before))

        let second = try await ingestor(sandbox).undoImport(ofFolder: dir.path, removeNew: true, logger: logger)
        #expect(second.entries.map(\.outcome) == [.removed], "\(second.entries)")
        #expect(await sandbox.server.storedImage(projectId: 100) == nil)
    }

    /// Two runs replaced one project: undoing only the first would lose the second's, so it is left; undoing both
    /// puts back the picture of before the first.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func anOlderRunIsNotUndoneUnderALaterOne() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = FixtureImage.png(width: 8, height: 8, seed: 11)
        try await seedPicture(client, projectId: 100, bytes: original, description: "original")
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 1))
        let run1 = try #require(try await ingestor(sandbox).importFolder(dir.path, logger: logger).run().runId)
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 2))
        let second = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        let run2 = try #require(second.runId)
        #expect(second.done == 1 && second.keptPictures == 1 && run2 > run1)

        let onlyFirst = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [run1], logger: logger)
        #expect(onlyFirst.entries.first?.outcome == .changedSince && onlyFirst.entries.first?.message.contains("run \(run2)") == true)
        // the later run undone alone puts back the first run's picture, and the first run can then be undone
        let later = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [run2], logger: logger)
        #expect(later.entries.first?.outcome == .restored)
        let earlier = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [run1], logger: logger)
        #expect(earlier.entries.first?.outcome == .restored, "\(earlier.entries)")
        let stored = await sandbox.server.storedImage(projectId: 100)
        #expect(sha256(stored?.bytes) == ImagePacker.sha256Hex(original) && stored?.info.description == "original")
        // an unknown run is an error that names the runs there are (none now)
        await #expect(throws: IngestError.self) {
            _ = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [99], logger: logger)
        }
    }

    /// A project that had no picture, then two runs: undo without removeNew puts back the first run's picture (the
    /// closest there is), and a later undo with removeNew takes that away too.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func aNewPictureReplacedAgainGoesBackToTheFirstOne() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = FixtureImage.jpeg(width: 16, height: 12, seed: 1)
        try dir.write("100.jpg", first)
        _ = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 2))
        #expect(try await ingestor(sandbox).importFolder(dir.path, logger: logger).run().keptPictures == 1)
        let undo = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(undo.entries.first?.outcome == .restored && undo.entries.first?.message.contains("--remove-new") == true)
        #expect(sha256(await sandbox.server.storedImage(projectId: 100)?.bytes) == ImagePacker.sha256Hex(first))
        let removal = try await ingestor(sandbox).undoImport(ofFolder: dir.path, removeNew: true, logger: logger)
        #expect(removal.entries.map(\.outcome) == [.removed], "\(removal.entries)")
        #expect(await sandbox.server.storedImage(projectId: 100) == nil)
    }

    /// Eight projects showing the same picture, replaced at once: one kept file serves them all, and undo puts it
    /// back on each (files keeping the same bytes at the same time never share a temporary file).
    @Test(.timeLimit(.minutes(1)), .sandbox()) func projectsShowingOnePictureAreKeptAtOnceAndUndone() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let logo = FixtureImage.png(width: 24, height: 24, seed: 42)
        for id in 100..<108 { try await seedPicture(client, projectId: id, bytes: logo, description: "logo") }
        try FixtureFolder.goodImages(in: dir, count: 8, firstId: 100, side: 16)
        let report = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(report.done == 8 && report.keptPictures == 8 && report.stopReason == nil, "\(report)")
        let kept = try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/.image-ingest/backups").filter { $0.count > 60 }
        #expect(kept == ["\(ImagePacker.sha256Hex(logo).prefix(2))/\(ImagePacker.sha256Hex(logo))"], "\(kept)")
        let undo = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(undo.count(.restored) == 8, "\(undo.entries)")
        for id in 100..<108 { #expect(sha256(await sandbox.server.storedImage(projectId: id)?.bytes) == ImagePacker.sha256Hex(logo)) }
    }

    /// A later run whose upload failed changed nothing: it neither blocks undoing the run before it nor stands in
    /// for what the project shows.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func aLaterRunWhoseUploadFailedDoesNotBlockUndo() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = FixtureImage.png(width: 8, height: 8, seed: 12)
        try await seedPicture(client, projectId: 100, bytes: original, description: "original")
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 1))
        let run1 = try #require(try await ingestor(sandbox).importFolder(dir.path, logger: logger).run().runId)
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 2))
        await sandbox.server.setFaults(SandboxFaults(failureRate: 1, failureStatus: 400, operations: [.uploadImage]))
        let failed = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        #expect(failed.failures.count == 1 && failed.keptPictures == 0, "\(failed)")
        await sandbox.server.setFaults(.none)
        let onlyFirst = try await ingestor(sandbox).undoImport(ofFolder: dir.path, runs: [run1], logger: logger)
        #expect(onlyFirst.entries.map(\.outcome) == [.restored], "\(onlyFirst.entries)")
        let stored = await sandbox.server.storedImage(projectId: 100)
        #expect(sha256(stored?.bytes) == ImagePacker.sha256Hex(original) && stored?.info.description == "original")
    }

    /// An undo whose ImageInfo is refused after its bitmap went up fails, says so, and the next undo finishes it.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func anUndoCutShortAfterItsUploadIsFinishedByTheNextOne() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = FixtureImage.png(width: 8, height: 8, seed: 21)
        try await seedPicture(client, projectId: 100, bytes: original, description: "original")
        try dir.write("100.jpg", FixtureImage.jpeg(width: 16, height: 12, seed: 3))
        #expect(try await ingestor(sandbox).importFolder(dir.path, logger: logger).run().keptPictures == 1)
        await sandbox.server.setFaults(SandboxFaults(failureRate: 1, failureStatus: 400, operations: [.putImageInfo]))
        let cut = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(cut.entries.first?.outcome == .failed && cut.entries.first?.message.contains("undo again to finish") == true,
                "\(cut.entries)")
        await sandbox.server.setFaults(.none)
        let finished = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(finished.entries.map(\.outcome) == [.restored], "\(finished.entries)")
        let stored = await sandbox.server.storedImage(projectId: 100)
        #expect(sha256(stored?.bytes) == ImagePacker.sha256Hex(original) && stored?.info.description == "original")
    }

    /// `keepBackups` off keeps nothing; a backups folder that cannot be written stops the import before any upload.
    @Test(.timeLimit(.minutes(1)), .sandbox()) func noBackupKeepsNothingAndAnUnwritableBackupReplacesNothing() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let client = try client(sandbox)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let before = FixtureImage.png(width: 8, height: 8, seed: 4)
        for id in 100..<104 { try await seedPicture(client, projectId: id, bytes: before, description: "before") }
        try FixtureFolder.goodImages(in: dir, count: 4, firstId: 100, side: 16)
        // backups/ is a file: nothing can be kept, so nothing is replaced
        try FileManager.default.createDirectory(atPath: dir.path + "/.image-ingest", withIntermediateDirectories: true)
        try dir.write(".image-ingest/backups", text: "not a folder")
        await sandbox.server.clearRequestLog()
        let stopped = try await ingestor(sandbox).importFolder(dir.path, logger: logger).run()
        guard case .journalUnwritable(let error) = stopped.stopReason else {
            Issue.record("expected a stop, got \(String(describing: stopped.stopReason))")
            return
        }
        #expect(error.code == .backupUnwritable && error.stage == .backup && error.message.contains("not replaced"))
        #expect(error.message.contains("--journal PATH") && error.message.contains("Not a directory"), "\(error.message)")
        #expect(stopped.done == 0 && stopped.failures.isEmpty && stopped.notFinished == 4, "\(stopped)")
        #expect(await sandbox.records(.uploadImage).isEmpty)
        for id in 100..<104 { #expect(sha256(await sandbox.server.storedImage(projectId: id)?.bytes) == ImagePacker.sha256Hex(before)) }

        var settings = FolderImportSettings()
        settings.keepBackups = false
        let unkept = try await ingestor(sandbox).importFolder(dir.path, settings: settings, logger: logger).run()
        #expect(unkept.done == 4 && unkept.keptPictures == 0 && unkept.backupsFolder == nil, "\(unkept)")
        let undo = try await ingestor(sandbox).undoImport(ofFolder: dir.path, logger: logger)
        #expect(undo.entries.isEmpty)
    }
}
