import Foundation
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

import LibC

extension EndToEndTests {
    /// An import killed partway (kill -9, SIGINT) and run again ends as if it had never been interrupted.
    @Suite struct InterruptedImportTests {
        let fileCount = 12

        /// Waits on the sandbox's log until `count` ImageInfo submits have succeeded (the test's time limit bounds it).
        func waitForSubmits(_ sandbox: SandboxHarness, atLeast count: Int) async throws {
            _ = await sandbox.server.waitForRequestLog { $0.filter { $0.operation == .putImageInfo && $0.succeeded }.count >= count }
            try Task.checkCancellation()
        }

        /// Writes the fixture folder and starts an import of it that the sandbox slows (150 ms a request), so a
        /// test can interrupt it partway.
        func startSlowImport(of dir: TemporaryDirectory, against sandbox: SandboxHarness) async throws
            -> (CLIRunner, CLIRunner.Running)
        {
            try FixtureFolder.goodImages(in: dir, count: fileCount)
            await sandbox.server.setFaults(SandboxFaults(latency: .milliseconds(150)))
            let cli = CLIRunner(extra: sandbox.environment)
            return (cli, try await cli.start(["import", dir.path, "--jobs", "2", "--json"]))
        }

        /// Waits until the sandbox handles no request (the stopped client's last ones answered or failed).
        func waitUntilQuiet(_ sandbox: SandboxHarness) async throws {
            await sandbox.server.waitUntilIdle()
        }

        /// Every project ends with exactly its file, and no project got an upload after its ImageInfo was accepted.
        func expectExactlyOnce(_ sandbox: SandboxHarness, dir: TemporaryDirectory) async throws {
            let log = await sandbox.server.requestLog()
            for index in 0..<fileCount {
                let project = 100 + index
                let records = log.filter { $0.projectId == project }
                let firstDone = records.first { $0.operation == .putImageInfo && $0.succeeded }
                let done = try #require(firstDone, "project \(project) has no accepted ImageInfo")
                let uploadsAfter = records.filter { $0.operation == .uploadImage && $0.sequence > done.sequence }
                #expect(uploadsAfter.isEmpty, "project \(project) was uploaded again after it was done")
                let stored = try #require(await sandbox.server.storedImage(projectId: project))
                let name = index % 2 == 0 ? "\(project).jpg" : "\(project).png"
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + name)))
                #expect(stored.bytes == bytes)
                #expect(stored.info.blobId != nil && stored.info.mimeType != nil)
            }
        }

        @Test(.timeLimit(.minutes(2)), .sandbox()) func killedWithSIGKILLThenRerunEndsDoneExactlyOnce() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let (cli, running) = try await startSlowImport(of: dir, against: sandbox)
            try await waitForSubmits(sandbox, atLeast: 3)
            running.kill(SIGKILL)
            let killed = await running.wait()
            #expect(killed.status != 0)
            await sandbox.server.setFaults(.none)
            // The server still finishes what the killed client had sent (150 ms late): let it, as a user rerunning
            // later would. A late upload landing after the rerun's would replace the rerun's blob (the next run
            // recovers from that; see anUploadReplacedOnTheServerIsUploadedAgainOnTheNextRun).
            try await waitUntilQuiet(sandbox)
            let acceptedBeforeKill = Set(await sandbox.records(.putImageInfo).filter(\.succeeded).compactMap(\.projectId))

            let rerun = try await cli.run(["import", dir.path, "--jobs", "2", "--json"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let skipped = rerun.events("skipped").count
            #expect(skipped + rerun.events("done").count == fileCount)
            // a file whose ImageInfo the server accepted before the kill is skipped (journal said done) or, when the
            // kill came before the journal recorded it, finished without uploading again
            for project in acceptedBeforeKill {
                let skip = rerun.events("skipped").contains { $0["projectId"] as? Int == project }
                let finished = rerun.events("done").contains { $0["projectId"] as? Int == project && $0["uploaded"] as? Bool == false }
                #expect(skip || finished, "project \(project) was done before the kill and must not be uploaded again")
            }
            try await expectExactlyOnce(sandbox, dir: dir)

            let status = try await cli.run(["status", dir.path, "--json"])
            let summary = try #require(status.events("status").first)
            #expect(summary["done"] as? Int == fileCount)
        }

        @Test(.timeLimit(.minutes(2)), .sandbox()) func sigintLetsInFlightFilesFinishThenExits130AndARerunFinishes() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let (cli, running) = try await startSlowImport(of: dir, against: sandbox)
            try await waitForSubmits(sandbox, atLeast: 2)
            running.kill(SIGINT)
            let interrupted = await running.wait()
            #expect(interrupted.status == 130, "\(interrupted.stderr)")
            #expect(interrupted.events("stopped").count == 1)
            let summary = try #require(interrupted.events("summary").first)
            #expect((summary["notFinished"] as? Int ?? 0) > 0)
            // in-flight files finished rather than being dropped: every started file ended done
            let started = Set(interrupted.events("started").compactMap { $0["path"] as? String })
            let done = Set(interrupted.events("done").compactMap { $0["path"] as? String })
            #expect(started == done)
            await sandbox.server.setFaults(.none)

            let rerun = try await cli.run(["import", dir.path, "--json"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(rerun.events("done").count == fileCount - done.count)
            try await expectExactlyOnce(sandbox, dir: dir)
        }
    }
}
