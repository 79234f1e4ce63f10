import Foundation
import ImageFixtures
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `image-ingest import` and `status`, run as processes against an in-process sandbox.
    @Suite struct ImportCommandTests {
        /// 4 good files by name and folder, one broken, two for one project, one unmapped.
        func mixedFolder() throws -> TemporaryDirectory {
            let dir = try TemporaryDirectory()
            try dir.write("101.jpg", FixtureImage.jpeg(seed: 101))
            try dir.write("102-logo.png", FixtureImage.png(seed: 102))
            try dir.write("103/front.jpg", FixtureImage.jpeg(seed: 103))
            try dir.write("104.png", FixtureImage.png(color: .rgba, seed: 104))
            try dir.write("105.jpg", FixtureFolder.truncatedJPEG())
            try dir.write("106.jpg", FixtureImage.jpeg(seed: 106))
            try dir.write("106-b.png", FixtureImage.png(seed: 106))
            try dir.write("notes.txt", text: "not a picture")
            return dir
        }

        @Test(.sandbox()) func importsByNameReportsEveryFileAndResumesToNothing() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try mixedFolder()
            defer { dir.remove() }
            let cli = CLIRunner(extra: sandbox.environment)
            let first = try await cli.run(["import", dir.path, "--json", "--jobs", "2"])
            #expect(first.status == 1, "\(first.stderr)")
            let done = first.events("done").compactMap { $0["path"] as? String }.sorted()
            #expect(done == ["101.jpg", "102-logo.png", "103/front.jpg", "104.png"])
            let failed = Dictionary(uniqueKeysWithValues: first.events("failed").map { ($0["path"] as! String, $0) })
            #expect(failed["105.jpg"]?["stage"] as? String == "verify")
            #expect(failed["106.jpg"]?["code"] as? String == "duplicateProject")
            #expect((failed["106-b.png"]?["message"] as? String)?.contains("106.jpg") == true)
            #expect(first.events("skipped").compactMap { $0["path"] as? String } == ["notes.txt"])
            let summary = try #require(first.events("summary").first)
            #expect(summary["done"] as? Int == 4 && summary["failed"] as? Int == 3)
            #expect(first.stderr.contains("done 4"))
            #expect(first.stderr.contains("notes.txt"))
            #expect(await sandbox.records(.uploadImage).count == 4)
            #expect(await sandbox.records(.putImageInfo).count == 4)

            let second = try await cli.run(["import", dir.path, "--json"])
            #expect(second.status == 1)
            #expect(second.events("skipped").filter { $0["reason"] as? String == "alreadyDone" }.count == 4)
            #expect(second.events("done").isEmpty)
            #expect(await sandbox.records(.uploadImage).count == 4, "nothing done is uploaded again")

            let status = try await cli.run(["status", dir.path])
            #expect(status.status == 1, "a failed file is exit 1")
            #expect(status.stdout.contains("server: \(sandbox.server.baseURL) (current): 5 files: done 4, failed 1"), "\(status.stdout)")
            #expect(status.stdout.contains("105.jpg"))

            // --force sets the journal aside; the server still shows each picture, so nothing goes up again …
            let forced = try await cli.run(["import", dir.path, "--json", "--force"])
            #expect(forced.events("skipped").filter { $0["reason"] as? String == "unchangedOnServer" }.count == 4)
            #expect(forced.events("summary").first?["unchangedOnServer"] as? Int == 4)
            #expect(forced.stderr.contains("unchanged on server 4"), "\(forced.stderr)")
            #expect(await sandbox.records(.uploadImage).count == 4)
            // … unless every picture is to be replaced
            let replaced = try await cli.run(["import", dir.path, "--json", "--force", "--existing", "replace"])
            #expect(replaced.events("done").count == 4)
            #expect(await sandbox.records(.uploadImage).count == 8)
            for result in [first, second, status, forced, replaced] {
                for secret in sandbox.secrets { #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret)) }
            }
        }

        @Test(.sandbox()) func importsWithAManifestAndItsDescriptions() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("north.jpg", FixtureImage.jpeg(seed: 1))
            try dir.write("sub/south.png", FixtureImage.png(seed: 2))
            try dir.write("extra.jpg", FixtureImage.jpeg(seed: 3))
            let manifest = try dir.write("manifest.csv", text: """
                path,projectId,description,conceptualType
                north.jpg,201,"North side, 2024",Photo
                sub/south.png,202,,
                """)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["import", dir.path, "--manifest", manifest, "--recursive", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.events("done").count == 2)
            #expect(result.events("skipped").compactMap { $0["path"] as? String } == ["extra.jpg"])
            #expect(result.events("skipped").first?["reason"] as? String == "notInManifest")
            #expect(result.stderr.contains("not in the manifest \(manifest)"), "\(result.stderr)")
            #expect(!result.stderr.contains("name them <projectId>.jpg"), "no name-rule hint for a manifest run")
            let north = try #require(await sandbox.server.storedImage(projectId: 201))
            #expect(north.info.description == "North side, 2024")
            #expect(north.info.conceptualType == "Photo")
            let south = try #require(await sandbox.server.storedImage(projectId: 202))
            #expect(south.info.mimeType == "image/png")
            #expect(south.info.extraInfo?.hasPrefix("width=64;height=48;sha256=") == true)
        }

        /// --description and --conceptual-type fill what a manifest row leaves open; with both given (and no backup
        /// to keep) no file needs the server's current ImageInfo, so no GET is sent.
        @Test(.sandbox()) func descriptionAndConceptualTypeOptionsSaveTheImageInfoRead() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("east.jpg", FixtureImage.jpeg(seed: 4))
            try dir.write("west.png", FixtureImage.png(seed: 5))
            let manifest = try dir.write("manifest.csv", text: """
                path,projectId,description,conceptualType
                east.jpg,301,Row text,
                west.png,302,,
                """)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["import", dir.path, "--manifest", manifest, "--json", "--description", "Migrated",
                      "--conceptual-type", "PROJECTIMAGE", "--existing", "replace", "--no-backup"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.events("done").count == 2)
            let east = try #require(await sandbox.server.storedImage(projectId: 301))
            #expect(east.info.description == "Row text")
            #expect(east.info.conceptualType == "PROJECTIMAGE")
            let west = try #require(await sandbox.server.storedImage(projectId: 302))
            #expect(west.info.description == "Migrated")
            #expect(west.info.conceptualType == "PROJECTIMAGE")
            #expect(await sandbox.records(.getImageInfo).isEmpty,
                    "every field is known, every picture replaced and none kept: nothing to read back")
            #expect(await sandbox.records(.putImageInfo).count == 2)
        }

        @Test(.sandbox()) func dryRunSubmitsNothingAndWritesNoJournal() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try mixedFolder()
            defer { dir.remove() }
            let result = try await CLIRunner(extra: sandbox.environment).run(["import", dir.path, "--dry-run", "--json"])
            #expect(result.status == 1)
            #expect(result.events("wouldSubmit").count == 4 && result.events("done").isEmpty)
            #expect(result.events("wouldSubmit").allSatisfy { $0["blobId"] == nil })
            let summary = try #require(result.events("summary").first)
            #expect(summary["wouldSubmit"] as? Int == 4 && summary["done"] == nil, "\(summary)")
            // the plan looks the projects up and reads each project's ImageInfo, and does nothing else
            #expect(await sandbox.server.requestLog().allSatisfy { [.getImageInfo, .listProjects].contains($0.operation) })
            #expect(await sandbox.records(.listProjects).count == 1)
            #expect(await sandbox.records(.getImageInfo).count == 4)
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/.image-ingest/journal.sqlite"))
        }

        @Test func usageErrorsExitTwo() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let bad = try dir.write("bad.csv", text: "a.jpg,notanumber\n")
            let cli = CLIRunner()
            #expect(try await cli.run(["import", dir.path, "--manifest", bad, "--dry-run"]).status == 2)
            #expect(try await cli.run(["import", dir.path + "/missing", "--dry-run"]).status == 2)
            #expect(try await cli.run(["import", dir.path, "--jobs", "0"]).status == 2)
            #expect(try await cli.run(["status", dir.path]).status == 2)
            // Parse errors too (ArgumentParser's own status would be 64), with the usage on stderr.
            let missingProject = try await cli.run(["put", dir.path + "/a.jpg"])
            #expect(missingProject.status == 2)
            #expect(missingProject.stderr.contains("--project"))
            #expect(try await cli.run(["import"]).status == 2)
            #expect(try await cli.run(["probe", "--no-such-flag", dir.path]).status == 2)
        }

        @Test(.sandbox()) func refusedCredentialsStopTheImportAtOnceWithOneMessage() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try FixtureFolder.goodImages(in: dir, count: 20)
            var env = sandbox.environment
            env["SO_TICKET"] = "7T:expired-ticket-for-test"
            let result = try await CLIRunner(extra: env).run(["import", dir.path, "--jobs", "2", "--json"])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(result.events("stopped").count == 1)
            #expect(result.events("failed").isEmpty)
            // one message, saying which credential was refused, and not "run the same command again"
            #expect(result.stderr.components(separatedBy: "refused the credential").count - 1 == 1, "\(result.stderr)")
            #expect(result.stderr.contains("SO_TICKET (SOTicket, from the environment)"))
            #expect(!result.stderr.contains("run the same command again"))
            #expect(await sandbox.server.requestLog().count <= 2, "no request after the first refusals")
            #expect(!result.stdout.contains("expired-ticket-for-test") && !result.stderr.contains("expired-ticket-for-test"))
        }
    }
}

extension EndToEndTests.ImportCommandTests {
    /// `--existing`: `keep` leaves projects that already have a picture (set through `put`), `if-different`
    /// (the default) uploads only what differs from the server, `replace` uploads everything, and a wiped
    /// journal still uploads nothing that is on the server.
    @Test(.sandbox()) func existingPicturesAreKeptSkippedOrReplacedAsAsked() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 4, firstId: 400, side: 24)
        let cli = CLIRunner(extra: sandbox.environment)
        // someone chose pictures for 400 and 401 already
        let chosen = try TemporaryDirectory()
        defer { chosen.remove() }
        for project in [400, 401] {
            let file = try chosen.write("chosen-\(project).png", FixtureImage.png(width: 10, height: 10, seed: 9000 + project))
            let put = try await cli.run(["put", file, "--project", "\(project)"])
            #expect(put.status == 0, "\(put.stderr)")
        }
        let kept = try await cli.run(["import", dir.path, "--json", "--existing", "keep"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [402, 403])
        #expect(kept.events("skipped").filter { $0["reason"] as? String == "kept" }.compactMap { $0["projectId"] as? Int }.sorted()
            == [400, 401])
        #expect(kept.stderr.contains("kept 2"), "\(kept.stderr)")
        #expect(await sandbox.records(.uploadImage).filter(\.succeeded).compactMap(\.projectId).sorted() == [400, 401, 402, 403])

        // the journal gone: what the server shows decides; 402 and 403 are unchanged, 400 and 401 differ
        try FileManager.default.removeItem(atPath: dir.path + "/.image-ingest")
        let again = try await cli.run(["import", dir.path, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.events("skipped").filter { $0["reason"] as? String == "unchangedOnServer" }
            .compactMap { $0["projectId"] as? Int }.sorted() == [402, 403])
        #expect(again.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [400, 401])
        // and the journal remembers: a third run asks the server nothing
        let reads = await sandbox.records(.getImageInfo).count
        let third = try await cli.run(["import", dir.path, "--json"])
        #expect(third.events("skipped").filter { $0["reason"] as? String == "alreadyDone" }.count == 4)
        #expect(await sandbox.records(.getImageInfo).count == reads)

        let replaced = try await cli.run(["import", dir.path, "--json", "--force", "--existing", "replace"])
        #expect(replaced.events("done").count == 4)
        let uploads = await sandbox.records(.uploadImage).filter(\.succeeded).compactMap(\.projectId).sorted()
        #expect(uploads == [400, 400, 400, 401, 401, 401, 402, 402, 403, 403], "\(uploads)")
    }
}

extension EndToEndTests.ImportCommandTests {
    /// What an import would do, then what it does: `--dry-run` against a server reads each project's ImageInfo
    /// and plans each file (upload new / different, skip unchanged, fail verify); the real run then does
    /// exactly that, file by file.
    @Test(.sandbox()) func aDryRunsPlanIsWhatTheRealRunDoes() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 5, firstId: 500, side: 20)
        try dir.write("505.jpg", FixtureFolder.truncatedJPEG())
        let cli = CLIRunner(extra: sandbox.environment)
        // 500 already shows this very file; 501 shows something else
        #expect(try await cli.run(["put", dir.path + "/500.jpg", "--project", "500"]).status == 0)
        let other = try dir.write("elsewhere/other.png", FixtureImage.png(width: 9, height: 9, seed: 77))
        #expect(try await cli.run(["put", other, "--project", "501"]).status == 0)
        try FileManager.default.removeItem(atPath: dir.path + "/elsewhere")
        let uploadsBefore = await sandbox.records(.uploadImage).count

        func actions(_ result: CLIRunner.Result) -> [String: String] {
            var actions: [String: String] = [:]
            for event in result.jsonLines {
                guard let path = event["path"] as? String else { continue }
                switch event["event"] as? String {
                case "done", "wouldSubmit": actions[path] = "upload"
                case "skipped": actions[path] = "skip " + (event["reason"] as? String ?? "?")
                case "failed": actions[path] = "fail " + (event["stage"] as? String ?? "?")
                default: break
                }
            }
            return actions
        }
        let plan = try await cli.run(["import", dir.path, "--json", "--dry-run"])
        #expect(plan.status == 1, "\(plan.stderr)")
        let planned = actions(plan)
        #expect(planned == ["500.jpg": "skip unchangedOnServer", "501.png": "upload", "502.jpg": "upload", "503.png": "upload",
                            "504.jpg": "upload", "505.jpg": "fail verify"], "\(planned)")
        #expect(plan.events("done").isEmpty)
        #expect(plan.events("wouldSubmit").compactMap { e in (e["path"] as? String).map { ($0, e["plan"] as? String ?? "-") } }
            .sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" } == ["501.png=different", "502.jpg=new", "503.png=new", "504.jpg=new"])
        #expect(plan.events("summary").first?["plan"] as? [String: Int] == ["new": 3, "different": 1])
        #expect(await sandbox.records(.uploadImage).count == uploadsBefore, "a plan uploads nothing")
        #expect(await sandbox.records(.putImageInfo).count == 2, "a plan submits nothing")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/.image-ingest/journal.sqlite"), "a plan writes no journal")

        let real = try await cli.run(["import", dir.path, "--json"])
        #expect(actions(real) == planned)
        #expect(await sandbox.records(.uploadImage).count == uploadsBefore + 4)
    }

    /// A plan that meets a refused credential stops at once with exit 3 and one line.
    @Test(.sandbox(SandboxConfiguration(faults: SandboxFaults(unauthorizedAfterRequests: 0))))
    func aPlanMeetingA401ExitsThree() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 6, firstId: 600, side: 16)
        let result = try await CLIRunner(extra: sandbox.environment).run(["import", dir.path, "--dry-run"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") || $0.contains("refused") }.count == 1, "\(result.stderr)")
        #expect(await sandbox.records(.uploadImage).isEmpty)
    }
}

extension EndToEndTests.ImportCommandTests {
    /// `status --remote`: the journal against what the server shows now; a picture changed or removed there
    /// since the import is drift (exit 1).
    @Test(.sandbox()) func statusRemoteListsPicturesChangedOnTheServer() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 4, firstId: 700, side: 16)
        let cli = CLIRunner(extra: sandbox.environment)
        #expect(try await cli.run(["import", dir.path]).status == 0)
        let clean = try await cli.run(["status", dir.path, "--remote", "--json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.events("remote").first?["inStep"] as? Int == 4)

        // someone picks another picture for 701 in the CRM, and removes 702's
        let other = try TemporaryDirectory()
        defer { other.remove() }
        let file = try other.write("x.png", FixtureImage.png(width: 12, height: 12, seed: 4242))
        #expect(try await cli.run(["put", file, "--project", "701"]).status == 0)
        let client = try SuperOfficeClient(configuration: .init(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials))
        try await client.deleteProjectImage(projectId: 702, logger: Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() })

        let drift = try await cli.run(["status", dir.path, "--remote", "--json"])
        #expect(drift.status == 1, "\(drift.stderr)")
        let kinds = Dictionary(uniqueKeysWithValues: drift.events("drift").compactMap { event in
            (event["projectId"] as? Int).map { ($0, event["kind"] as? String ?? "?") }
        })
        #expect(kinds == [701: "changed", 702: "removed"], "\(drift.stdout)")
        let text = try await cli.run(["status", dir.path, "--remote"])
        #expect(text.stdout.contains("4 files done there checked, 2 as this project set them, 2 drifted"), "\(text.stdout)")
    }
}
