import Foundation
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `image-ingest put`, run as a process against an in-process sandbox.
    @Suite struct PutCommandTests {
        @Test(.sandbox()) func putsOneImageWithItsFacts() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let png = FixtureImage.png(width: 40, height: 30, seed: 3)
            let file = try dir.write("logo.png", png)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["put", file, "--project", "654", "--description", "Site photo", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let done = try #require(result.events("done").first)
            #expect(done["projectId"] as? Int == 654)
            #expect(done["mime"] as? String == "image/png")
            #expect(done["width"] as? Int == 40 && done["height"] as? Int == 30)
            // the same keys as an import's done event for the same facts
            #expect(done["bytes"] as? Int == png.count && done["uploaded"] as? Bool == true && done["carriedGPS"] as? Bool == false)
            let blobId = try #require(done["blobId"] as? Int)
            let stored = try #require(await sandbox.server.storedImage(projectId: 654))
            #expect(stored.bytes == png)
            #expect(stored.info.blobId == blobId)
            #expect(stored.info.mimeType == "image/png")
            #expect(stored.info.originalSize == png.count && stored.info.blobSize == png.count)
            #expect(stored.info.isZipped == false && stored.info.isEncrypted == false)
            #expect(stored.info.description == "Site photo")
            let sha = try #require(done["sha256"] as? String)
            #expect(stored.info.extraInfo == "width=40;height=30;sha256=\(sha);file=logo.png")
            for secret in sandbox.secrets { #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret)) }
        }

        @Test(.sandbox()) func aBrokenImageFailsAtVerifyAndNothingIsSent() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("broken.jpg", FixtureFolder.truncatedJPEG())
            let result = try await CLIRunner(extra: sandbox.environment).run(["put", file, "--project", "7", "--json"])
            #expect(result.status == 1)
            let failed = try #require(result.events("failed").first)
            #expect(failed["stage"] as? String == "verify")
            #expect(result.stderr.contains("failed: \(file): verify"))
            #expect(await sandbox.server.requestLog().isEmpty)
        }

        @Test(.sandbox()) func wrongCredentialsExitThreeWithoutPrintingThem() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("1.jpg", FixtureImage.jpeg(seed: 1))
            let wrong = "7T:wrong-ticket-value-1234"
            let result = try await CLIRunner(extra: ["SO_BASE_URL": sandbox.server.baseURL, "SO_TICKET": wrong])
                .run(["put", file, "--project", "1"])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(!result.stdout.contains(wrong) && !result.stderr.contains(wrong))
        }

        @Test(.sandbox()) func aCredentialsFileIsReadAndItsSecretNeverPrinted() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("3.png", FixtureImage.png(seed: 3))
            let lines = ["# image-ingest credentials", "SO_BASE_URL=\(sandbox.server.baseURL)"]
                + sandbox.environment.filter { $0.key != "SO_BASE_URL" }.map { "export \($0.key)=\"\($0.value)\"" }
            let credentials = try dir.write("credentials", text: lines.joined(separator: "\n") + "\n")
            let result = try await CLIRunner().run(["put", file, "--project", "3", "--credentials-file", credentials, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(await sandbox.records(.putImageInfo).count == 1)
            for secret in sandbox.secrets { #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret)) }
            let broken = try dir.write("bad-credentials", text: "SO_TICKET 7T:secret-value-here\n")
            let refused = try await CLIRunner().run(["put", file, "--project", "3", "--credentials-file", broken])
            #expect(refused.status == 2)
            #expect(!refused.stderr.contains("secret-value-here"))
        }

        @Test func configurationErrorsExitTwo() async throws {
            let noCredential = try await CLIRunner(extra: ["SO_BASE_URL": "http://127.0.0.1:9/"])
                .run(["put", "/nonexistent.jpg", "--project", "1"])
            #expect(noCredential.status == 2)
            #expect(noCredential.stderr.contains("no credential for http://127.0.0.1:9/"))
            let badProject = try await CLIRunner().run(["put", "/nonexistent.jpg", "--project", "0"])
            #expect(badProject.status == 2)
        }

        @Test func withoutABaseURLItUsesTheEmbeddedSandboxAndSaysSo() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("9.jpg", FixtureImage.jpeg(seed: 9))
            let result = try await CLIRunner().run(["put", file, "--project", "9"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("no server and no credential configured: submitting to an in-process sandbox; nothing leaves this machine"))
            // stdout is not a terminal here, so the answer is a JSON line
            #expect(result.events("done").first?["projectId"] as? Int == 9)
        }
    }
}
