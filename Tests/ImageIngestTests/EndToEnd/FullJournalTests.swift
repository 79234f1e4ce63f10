import Foundation
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// The journal before the server: a journal that cannot grow (a file-size limit, as a full disk) stops the
    /// import with one line, and the next run finishes every file without uploading any project twice.
    @Suite struct FullJournalTests {
        @Test(.timeLimit(.minutes(2)), .sandbox()) func aJournalThatCannotGrowStopsTheImportAndTheRerunFinishesEachFileOnce() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let count = 120
            try FixtureFolder.goodImages(in: dir, count: count, firstId: 100, side: 16)
            var limited = CLIRunner(extra: sandbox.environment)
            // 768 KiB: less than the journal's write-ahead log grows to between checkpoints, so it fills after a few
            // dozen files, as a disk would
            limited.fileSizeLimitBlocks = 1536
            let stopped = try await limited.run(["import", dir.path, "--requests-per-second", "0"])
            #expect(stopped.status == 1, "\(stopped.stderr)")
            let lines = stopped.stderr.split(separator: "\n")
            #expect(lines.count < 20, "\(stopped.stderr)")
            let stopLines = lines.filter { $0.hasPrefix("stopped:") }
            #expect(stopLines.count == 1 && stopLines[0].contains("journal write failed") && stopLines[0].contains("--journal PATH"),
                    "\(stopped.stderr)")
            for word in ["SQLite", "COMMIT", "INSERT", "UPDATE", "Error Domain"] { #expect(!stopped.stderr.contains(word), "\(word)") }
            let uploadsBefore = await sandbox.records(.uploadImage).count
            #expect(uploadsBefore < count, "the import stopped before the end")

            let rerun = try await CLIRunner(extra: sandbox.environment).run(["import", dir.path, "--json", "--requests-per-second", "0"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            var uploadsPerProject: [Int: Int] = [:]
            // an upload the stopped run cancelled in flight reaches the log unapplied (its body never completed): it
            // put nothing on the project, so only applied uploads count
            for record in await sandbox.records(.uploadImage) where record.applied {
                uploadsPerProject[record.projectId ?? 0, default: 0] += 1
            }
            #expect(uploadsPerProject.count == count && uploadsPerProject.values.allSatisfy { $0 == 1 },
                    "uploaded twice: \(uploadsPerProject.filter { $0.value > 1 }.keys.sorted())")
            for id in 100..<(100 + count) {
                let stored = await sandbox.server.storedImage(projectId: id)
                #expect(stored?.bytes != nil && stored?.info.extraInfo?.contains("sha256=") == true, "project \(id)")
            }
        }
    }
}
