import Foundation
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

import LibC

extension EndToEndTests {
    /// Issue #15: what a first day with a real tenant must not go wrong: no silent sandbox, no date taken for
    /// a project id, a stop when the server is gone, no file left unaccounted for.
    @Suite struct RealTenantSafetyTests {
        /// A credential (here with a misspelt base URL variable) but no SO_BASE_URL: exit 2, nothing submitted
        /// anywhere (no embedded sandbox either), and the message names what was seen and what is missing.
        @Test func aCredentialWithoutABaseURLIsAConfigurationError() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("654.jpg", FixtureImage.jpeg(seed: 654))
            let cli = CLIRunner(extra: ["SO_TICKET": "7T:real-looking-ticket-5678", "SO_BASEURL": "https://sod2.superoffice.com/Cust1/"])
            for arguments in [["put", file, "--project", "654"], ["import", dir.path], ["import", dir.path, "--dry-run"]] {
                let result = try await cli.run(arguments)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("SO_TICKET (from the environment)"), "\(result.stderr)")
                #expect(result.stderr.contains("SO_BASE_URL is missing"))
                #expect(result.stderr.contains("SO_BASEURL is set: did you mean SO_BASE_URL?"))
                #expect(!result.stderr.contains("submitting to an in-process sandbox"))
                #expect(result.events("done").isEmpty)
                #expect(!result.stderr.contains("real-looking-ticket-5678"))
            }
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/.image-ingest/journal.sqlite"))
            // a bearer token alone is refused the same way
            let bearer = try await CLIRunner(extra: ["SO_BEARER_TOKEN": "token-value-0987"]).run(["put", file, "--project", "654"])
            #expect(bearer.status == 2)
            #expect(bearer.stderr.contains("SO_BEARER_TOKEN (from the environment) is set, but SO_BASE_URL is missing"))
            // a credentials file without SO_BASE_URL is meant for a real server too
            let credentials = try dir.write("credentials", text: "# nothing yet\n")
            let fromFile = try await CLIRunner().run(["import", dir.path, "--credentials-file", credentials])
            #expect(fromFile.status == 2)
            #expect(fromFile.stderr.contains("sets no SO_BASE_URL"), "\(fromFile.stderr)")
        }

        /// Only `654.jpg` and `655-logo.png` are mapped; the date, time and decimal names are reported as
        /// ambiguous, in the events and in the summary, and never uploaded. Every summary names the server.
        @Test(.sandbox()) func datesAndDecimalsAreAmbiguousNotProjects() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            for (index, name) in ["2024-01-05 site visit.jpg", "20240106_101010.jpg", "7.5.jpg", "654.jpg"].enumerated() {
                try dir.write(name, FixtureImage.jpeg(seed: index))
            }
            try dir.write("655-logo.png", FixtureImage.png(seed: 655))
            let result = try await CLIRunner(extra: sandbox.environment).run(["import", dir.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [654, 655])
            let ambiguous = result.events("skipped").filter { $0["reason"] as? String == "ambiguousName" }
            // the plan keeps each file's reason: the event says it, as the summary does
            #expect(ambiguous.first { $0["path"] as? String == "7.5.jpg" }?["why"] as? String
                == "the digits are followed by \".\", not by -, _ or a space and a word", "\(ambiguous)")
            #expect(ambiguous.compactMap { $0["path"] as? String }.sorted()
                == ["2024-01-05 site visit.jpg", "20240106_101010.jpg", "7.5.jpg"])
            #expect(Set(await sandbox.records(.uploadImage).compactMap(\.projectId)) == [654, 655])
            #expect(result.stderr.contains("ambiguous name, not mapped"))
            #expect(result.stderr.contains("  2024-01-05 site visit.jpg (more digits follow \"2024-\" (a date or a time?))"),
                    "\(result.stderr)")
            #expect(result.stderr.contains("  7.5.jpg (the digits are followed by \".\""))
            #expect(result.stderr.contains("server: \(sandbox.server.baseURL)"))
            #expect(result.events("planned").first?["server"] as? String == sandbox.server.baseURL)
            #expect(result.events("summary").first?["server"] as? String == sandbox.server.baseURL)

            let status = try await CLIRunner().run(["status", dir.path])
            #expect(status.stdout.contains("server: \(sandbox.server.baseURL)"), "\(status.stdout)")
        }

        /// 50 files against a port where nothing listens: the import stops within 30 s with one line naming
        /// the server, exits 4, and leaves every file pending (none failed for good).
        @Test func anUnreachableServerStopsTheImportAndLeavesFilesPending() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try FixtureFolder.goodImages(in: dir, count: 50, side: 16)
            let port = try closedLoopbackPort()
            let server = "http://127.0.0.1:\(port)/"
            let cli = CLIRunner(extra: ["SO_BASE_URL": server, "SO_TICKET": "7T:unused-ticket"])
            let clock = ContinuousClock()
            let started = clock.now
            let result = try await cli.run(["import", dir.path, "--json"])
            #expect(clock.now - started < .seconds(30))
            #expect(result.status == 4, "\(result.stderr)")
            let stopped = result.events("stopped")
            #expect(stopped.count == 1)
            #expect(stopped.first?["code"] as? String == "serverUnreachable")
            #expect(result.events("failed").isEmpty, "no file failed for good: \(result.events("failed"))")
            let summary = try #require(result.events("summary").first)
            #expect(summary["notFinished"] as? Int == 50)
            let stopLines = result.stderr.split(separator: "\n").filter { $0.contains("is unreachable") }
            #expect(stopLines.count == 1, "\(result.stderr)")
            let line = String(stopLines.first ?? "")
            #expect(line.contains(server) && line.contains("connection refused by 127.0.0.1:\(port)"), "\(line)")
            #expect(!line.contains("errno") && !line.contains("Error"), "\(line)")
            #expect(line.filter { $0 == "(" }.count == line.filter { $0 == ")" }.count, "\(line)")

            let status = try await CLIRunner().run(["status", dir.path, "--json"])
            let counts = try #require(status.events("status").first)
            #expect(counts["failed"] as? Int == 0)
            #expect((counts["pending"] as? Int ?? 0) + (counts["notStarted"] as? Int ?? 0) == 50)
        }

        /// Every file under DIR is accounted for: a sub-folder without --recursive is listed with its reason;
        /// status counts the files not started yet.
        @Test(.sandbox()) func filesInSubFoldersAndFilesNotStartedAreAccountedFor() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("301.jpg", FixtureImage.jpeg(seed: 301))
            try dir.write("abc/300.jpg", FixtureImage.jpeg(seed: 300))
            let cli = CLIRunner(extra: sandbox.environment)
            let result = try await cli.run(["import", dir.path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let skipped = result.events("skipped")
            #expect(skipped.count == 1)
            #expect(skipped.first?["path"] as? String == "abc/300.jpg")
            #expect(skipped.first?["reason"] as? String == "inSubfolder")
            #expect(result.stderr.contains("in a sub-folder, not walked (pass --recursive"))
            #expect(result.stderr.contains("  abc/300.jpg"))
            #expect(await sandbox.records(.uploadImage).count == 1)

            try dir.write("302.jpg", FixtureImage.jpeg(seed: 302))
            try dir.write("303.png", FixtureImage.png(seed: 303))
            let status = try await CLIRunner().run(["status", dir.path])
            #expect(status.stdout.contains("server: \(sandbox.server.baseURL): 1 files: done 1, failed 0, not finished 2 ("), "\(status.stdout)")
            #expect(status.stdout.contains("not started 2)"))
            #expect(status.status == 0)
            #expect(status.stdout.contains("  302.jpg") && status.stdout.contains("  303.png"))
            let recursive = try await CLIRunner().run(["status", dir.path, "--recursive", "--json"])
            #expect(recursive.events("status").first?["notStarted"] as? Int == 3)
        }

        /// Messages a person can act on: numeric values say what is wrong, a manifest that cannot be read says
        /// why, a refusal names the flag that fixes it, and no Swift type name shows.
        @Test func refusalsSayWhatIsWrongAndWhatFixesIt() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("1.jpg", FixtureImage.jpeg(seed: 1))
            let cli = CLIRunner()
            let large = try await cli.run(["put", file, "--project", "99999999999"])
            #expect(large.status == 2)
            #expect(large.stderr.contains("--project 99999999999: too large"), "\(large.stderr)")
            let negative = try await cli.run(["put", file, "--project", "-5"])
            #expect(negative.status == 2)
            #expect(negative.stderr.contains("--project -5: a project id cannot be negative"), "\(negative.stderr)")
            let jobs = try await cli.run(["import", dir.path, "--jobs", "-1"])
            #expect(jobs.status == 2)
            #expect(jobs.stderr.contains("--jobs must be at least 1 (got -1)"), "\(jobs.stderr)")
            let manifest = try await cli.run(["import", dir.path, "--manifest", dir.path + "/nope.csv"])
            #expect(manifest.status == 2)
            #expect(manifest.stderr.contains("nope.csv: no such file or directory"), "\(manifest.stderr)")
            let insecure = try await CLIRunner(extra: ["SO_BASE_URL": "http://crm.example.com/", "SO_TICKET": "7T:x"])
                .run(["put", file, "--project", "1"])
            #expect(insecure.status == 2)
            #expect(insecure.stderr.contains("--insecure-http"), "\(insecure.stderr)")
            #expect(!insecure.stderr.contains("attempt"))
            for result in [large, negative, jobs, manifest, insecure] {
                #expect(!result.stderr.contains("Error."), "a type name: \(result.stderr)")
            }
        }

        /// `check` reports server, credential (never the secret), one read and its round trip; 0, 3 and 2.
        @Test(.sandbox()) func checkReportsTheConfigurationAndTriesOneRead() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let good = try await CLIRunner(extra: sandbox.environment).run(["check"])
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains("server: \(sandbox.server.baseURL)"))
            #expect(good.stdout.contains("credential: SO_TICKET") && good.stdout.contains("(SOTicket, from the environment)"), "\(good.stdout)")
            #expect(good.stdout.contains("read: GET api/v1/Project/1/Imageinfo answered"))
            #expect(good.stdout.contains(" ms"))
            #expect(good.stdout.contains("throttled: no"))
            #expect(await sandbox.records(.getImageInfo).count == 1)
            for secret in sandbox.secrets { #expect(!good.stdout.contains(secret) && !good.stderr.contains(secret)) }

            var wrong = sandbox.environment
            wrong["SO_TICKET"] = "7T:wrong-ticket-for-check"
            let refused = try await CLIRunner(extra: wrong).run(["check"])
            #expect(refused.status == 3, "\(refused.stderr)")
            #expect(refused.stderr.contains("refused the credential SO_TICKET"))
            #expect(!refused.stderr.contains("wrong-ticket-for-check"))

            await sandbox.server.setFaults(SandboxFaults(script: [.rateLimited(retryAfterSeconds: 3)]))
            let throttled = try await CLIRunner(extra: sandbox.environment).run(["check"])
            #expect(throttled.status == 0, "\(throttled.stderr)")
            #expect(throttled.stdout.contains("throttled: yes (HTTP 429, Retry-After 3"), "\(throttled.stdout)")
            await sandbox.server.setFaults(.none)

            let nothing = try await CLIRunner().run(["check"])
            #expect(nothing.status == 2)
            #expect(nothing.stdout.contains("in-process sandbox"))

            let port = try closedLoopbackPort()
            let gone = try await CLIRunner(extra: ["SO_BASE_URL": "http://127.0.0.1:\(port)/", "SO_TICKET": "7T:x"]).run(["check"])
            #expect(gone.status == 2)
            #expect(gone.stderr.contains("is unreachable"), "\(gone.stderr)")
        }

        /// A credentials file others can read gets a warning, as ssh gives one; a private one does not.
        @Test(.sandbox()) func aCredentialsFileReadableByOthersIsWarnedAbout() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let lines = sandbox.environment.map { "\($0.key)=\($0.value)" }
            let path = try dir.write("credentials", text: lines.joined(separator: "\n") + "\n")
            #expect(chmod(path, 0o644) == 0)
            let open = try await CLIRunner().run(["check", "--credentials-file", path])
            #expect(open.status == 0, "\(open.stderr)")
            #expect(open.stderr.contains("can be read by others (mode 644)"), "\(open.stderr)")
            #expect(open.stderr.contains("chmod 600"))
            #expect(chmod(path, 0o600) == 0)
            let closed = try await CLIRunner().run(["check", "--credentials-file", path])
            #expect(closed.status == 0)
            #expect(!closed.stderr.contains("read by others"))
        }
    }
}

extension EndToEndTests.RealTenantSafetyTests {
    /// On a terminal (a pseudo-terminal from `script`), a dry run prints its plan file by file, not only counts.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aDryRunOnATerminalPrintsThePlanFileByFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("654.jpg", FixtureImage.jpeg(seed: 654))
        try dir.write("7.5.jpg", FixtureImage.jpeg(seed: 7))
        try dir.write("abc/300.jpg", FixtureImage.jpeg(seed: 300))
        let command = "'\(CLIRunner.executable)' import '\(dir.path)' --dry-run"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = CLIRunner().environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("654.jpg → project 654: would upload the bitmap and submit the ImageInfo"), "\(text)")
        #expect(text.contains("7.5.jpg: not imported, ambiguous name"))
        #expect(text.contains("abc/300.jpg: not imported, in a sub-folder"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/.image-ingest/journal.sqlite"))
    }
}
