import Foundation
import ImageCodecs
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `--strip-metadata`: what the server holds has no EXIF/GPS, decodes to the source's pixels, and the
    /// ImageInfo describes those bytes; with or without the flag the summary counts GPS-carrying files.
    @Suite struct StripMetadataTests {
        @Test(.sandbox()) func putStripsGPSAndTheImageInfoDescribesTheUploadedBytes() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let source = FixtureImage.jpeg(width: 80, height: 60, orientation: 1, gps: true, metadata: true, seed: 31)
            let file = try dir.write("photo.jpg", source)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["put", file, "--project", "31", "--strip-metadata", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let stored = try #require(await sandbox.server.storedImage(projectId: 31))
            let bytes = try #require(stored.bytes)
            #expect(bytes != source)
            let header = try ImageProbe.probe(bytes: bytes)
            #expect(!header.carriesGPS && header.orientation == 1)
            #expect(FixtureImage.decodedJPEG(bytes)?.samples == FixtureImage.decodedJPEG(source)?.samples)
            #expect(stored.info.originalSize == bytes.count && stored.info.blobSize == bytes.count)
            #expect(stored.info.extraInfo == "width=80;height=60;sha256=\(ImagePacker.sha256Hex(bytes));file=photo.jpg")
            #expect(stored.info.mimeType == "image/jpeg")
        }

        /// A JPEG that is not upright is turned, losslessly where its MCU grid allows (64 × 48 is whole MCUs),
        /// by a re-encode otherwise (80 × 60 is not), and the output says which.
        @Test(.sandbox()) func putTurnsAPictureUprightAndSaysHow() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            for (project, width, height, how) in [(32, 64, 48, "lossless"), (33, 80, 60, "reencoded")] {
                let source = FixtureImage.jpeg(width: width, height: height, orientation: 6, gps: true, scene: true, seed: project)
                let file = try dir.write("\(project).jpg", source)
                let result = try await CLIRunner(extra: sandbox.environment)
                    .run(["put", file, "--project", "\(project)", "--strip-metadata", "--json"])
                #expect(result.status == 0, "\(result.stderr)")
                let done = try #require(result.events("done").first)
                #expect(done["upright"] as? String == how, "\(result.stdout)")
                let bytes = try #require(await sandbox.server.storedImage(projectId: project)?.bytes)
                let header = try ImageProbe.probe(bytes: bytes)
                #expect(header.width == height && header.height == width && header.orientation == 1 && !header.carriesGPS)
                let expected = try #require(FixturePixels(jpeg: source)).upright(orientation: 6)
                let served = try #require(FixturePixels(jpeg: bytes))
                #expect(try #require(served.meanDifference(from: expected)) < (how == "lossless" ? 0.5 : 3))
            }
        }

        @Test(.sandbox()) func theSummaryCountsFilesWithGPSAndThoseThatWentUpWithIt() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("41.jpg", FixtureImage.jpeg(orientation: 1, gps: true, seed: 41))
            try dir.write("42.jpg", FixtureImage.jpeg(orientation: 3, gps: true, seed: 42))
            try dir.write("43.jpg", FixtureImage.jpeg(orientation: 1, seed: 43))
            let cli = CLIRunner(extra: sandbox.environment)
            let plain = try await cli.run(["import", dir.path])
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stderr.contains("GPS coordinates: 2 files carried them; 2 went up with them still in (--strip-metadata removes them)"),
                    "\(plain.stderr)")
            let stripped = try await cli.run(["import", dir.path, "--force", "--existing", "replace", "--strip-metadata", "--json"])
            #expect(stripped.status == 0, "\(stripped.stderr)")
            let summary = try #require(stripped.events("summary").first)
            #expect(summary["carryingGPS"] as? Int == 2 && summary["uploadedWithGPS"] as? Int == 0)
            for project in [41, 42] {
                let bytes = try #require(await sandbox.server.storedImage(projectId: project)?.bytes)
                #expect(try !ImageProbe.probe(bytes: bytes).carriesGPS)
            }
        }
    }
}

extension EndToEndTests.StripMetadataTests {
    /// The journal keeps the source's SHA-256, not the rewritten bytes': a file touched since (new time stamp,
    /// same content) is known unchanged without asking the server, decoding or rewriting it again.
    @Test(.sandbox()) func aTouchedSourceIsRecognisedWithoutAskingTheServer() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("51.jpg", FixtureImage.jpeg(orientation: 6, gps: true, metadata: true, seed: 51))
        let cli = CLIRunner(extra: sandbox.environment)
        #expect(try await cli.run(["import", dir.path, "--strip-metadata"]).status == 0)
        let reads = await sandbox.records(.getImageInfo).count
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: path)
        let again = try await cli.run(["import", dir.path, "--strip-metadata", "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.events("skipped").first?["reason"] as? String == "alreadyDone", "\(again.stdout)")
        #expect(await sandbox.records(.getImageInfo).count == reads, "nothing asked of the server")
        #expect(await sandbox.records(.uploadImage).count == 1)
    }
}
