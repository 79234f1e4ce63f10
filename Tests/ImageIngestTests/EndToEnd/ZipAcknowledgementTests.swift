import Foundation
import ImageCodecs
import ImageFixtures
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `--zip always|auto` against a server other than the embedded sandbox needs `--server-inflates-zip`:
    /// SuperOffice documents IsZipped as not supported, and keeps the zlib stream as the picture.
    @Suite struct ZipAcknowledgementTests {
        @Test(.sandbox(), arguments: ["always", "auto"])
        func zippingToAServerNeedsTheAcknowledgementAndSendsNothingWithoutIt(zip: String) async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("41.png", FixtureImage.png(width: 64, height: 64, color: .gray, seed: 4))
            let cli = CLIRunner(extra: sandbox.environment)
            let put = try await cli.run(["put", file, "--project", "41", "--zip", zip])
            #expect(put.status == 2)
            #expect(put.stderr.contains("--server-inflates-zip") && put.stderr.contains("not supported"), "\(put.stderr)")
            let importing = try await cli.run(["import", dir.path, "--zip", zip])
            #expect(importing.status == 2)
            #expect(importing.stderr.contains("--server-inflates-zip"), "\(importing.stderr)")
            #expect(await sandbox.server.requestLog().isEmpty)
            // a dry run sends nothing, so it needs no acknowledgement
            #expect(try await cli.run(["put", file, "--project", "41", "--zip", zip, "--dry-run"]).status == 0)
        }

        /// With the acknowledgement the zlib stream is sent, and the server serves it back as stored: the
        /// project's picture is then the stream, not the PNG (what a SuperOffice server that does not inflate
        /// shows as a broken image).
        @Test(.sandbox()) func acknowledgedZipIsStoredAndServedBackAsTheZlibStream() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let png = FixtureImage.png(width: 64, height: 64, color: .gray, seed: 4)
            let file = try dir.write("42.png", png)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["put", file, "--project", "42", "--zip", "always", "--server-inflates-zip"])
            #expect(result.status == 0, "\(result.stderr)")
            let client = try SuperOfficeClient(configuration: .init(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials))
            let served = try await client.projectImage(projectId: 42, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            #expect(served != png)
            #expect(try ImagePacker.inflate(served) == png)
            #expect(await sandbox.server.storedImage(projectId: 42)?.info.isZipped == true)
        }

        @Test func theEmbeddedSandboxNeedsNoAcknowledgement() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let file = try dir.write("43.png", FixtureImage.png(width: 32, height: 32, seed: 5))
            let result = try await CLIRunner().run(["put", file, "--project", "43", "--zip", "always"])
            #expect(result.status == 0, "\(result.stderr)")
        }
    }
}
