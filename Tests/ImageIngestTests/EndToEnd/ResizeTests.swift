import Foundation
import ImageCodecs
import ImageFixtures
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `--max-side`: what the server holds is fitted within the side, upright, without EXIF or GPS, and the
    /// ImageInfo describes those bytes; a PNG keeps its alpha; `prepare` writes the same pictures to a folder.
    @Suite struct ResizeTests {
        static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard needle.count <= bytes.count else { return false }
            return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }

        /// The issue's own check: a 4000 × 3000 camera JPEG turned 90° by its EXIF, with GPS.
        @Test(.sandbox()) func aCameraPhotoGoesUpSmallUprightAndWithoutLocation() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let source = FixtureImage.jpeg(width: 4000, height: 3000, quality: 80, orientation: 6, gps: true,
                                           metadata: true, scene: true, seed: 61)
            let file = try dir.write("photo.jpg", source)
            let result = try await CLIRunner(extra: sandbox.environment)
                .run(["put", file, "--max-side", "1024", "--strip-metadata", "--project", "61", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let done = try #require(result.events("done").first)
            #expect(done["width"] as? Int == 768 && done["height"] as? Int == 1024 && done["resized"] as? Bool == true)
            #expect(done["uploadedWithGPS"] as? Bool == false && done["carriedGPS"] as? Bool == true)

            let stored = try #require(await sandbox.server.storedImage(projectId: 61))
            let bytes = try #require(stored.bytes)
            let header = try ImageVerifier.verify(bytes: bytes).header
            #expect(header.format == .jpeg && header.width == 768 && header.height == 1024)
            #expect(header.orientation == 1 && !header.carriesGPS)
            for marker in ["Exif", "GPS", "xmpmeta", "Photoshop 3.0", "site office"] {
                #expect(!Self.contains(bytes, marker), "\(marker)")
            }
            #expect(stored.info.originalSize == bytes.count && stored.info.blobSize == bytes.count && stored.info.isZipped == false)
            #expect(stored.info.mimeType == "image/jpeg")
            #expect(stored.info.extraInfo == "width=768;height=1024;sha256=\(ImagePacker.sha256Hex(bytes));file=photo.jpg")

            // upright: a coarse grid of the served picture matches the source's grid turned clockwise
            let original = try #require(FixturePixels(jpeg: source)).areaAveraged(toWidth: 32, toHeight: 24)
            let served = try #require(FixturePixels(jpeg: bytes)).areaAveraged(toWidth: 24, toHeight: 32)
            let right = try #require(served.meanDifference(from: original.upright(orientation: 6)))
            let wrong = try #require(served.meanDifference(from: original.upright(orientation: 8)))
            #expect(right < 2 && wrong > 20, "\(right) vs \(wrong)")
        }

        @Test(.sandbox()) func aPNGWithAlphaKeepsItsAlphaAndAnUnchangedSourceIsNotResizedAgain() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("62.png", FixtureImage.png(width: 600, height: 300, color: .rgba, seed: 62))
            try dir.write("63.jpg", FixtureImage.jpeg(width: 200, height: 100, seed: 63))
            let cli = CLIRunner(extra: sandbox.environment)
            let first = try await cli.run(["import", dir.path, "--max-side", "300", "--json"])
            #expect(first.status == 0, "\(first.stderr)")
            let summary = try #require(first.events("summary").first)
            #expect(summary["resized"] as? Int == 1, "the PNG; the small JPEG fits: \(first.stdout)")
            let png = try #require(await sandbox.server.storedImage(projectId: 62))
            let pngBytes = try #require(png.bytes)
            let header = try ImageVerifier.verify(bytes: pngBytes).header
            #expect(header.format == .png && header.width == 300 && header.height == 150 && header.colorModel == .rgba)
            #expect(png.info.mimeType == "image/png" && png.info.originalSize == pngBytes.count)
            let jpeg = try #require(await sandbox.server.storedImage(projectId: 63)?.bytes)
            #expect(jpeg == FixtureImage.jpeg(width: 200, height: 100, seed: 63), "a picture that fits goes up as it is")

            // the journal keeps the source's SHA-256: a touched but unchanged PNG is known without asking the
            // server or resizing it again
            let uploads = await sandbox.records(.uploadImage).count
            let reads = await sandbox.records(.getImageInfo).count
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)],
                                                  ofItemAtPath: dir.path + "/62.png")
            let touched = try await cli.run(["import", dir.path, "--max-side", "300", "--json"])
            #expect(touched.status == 0, "\(touched.stderr)")
            #expect(touched.events("skipped").contains { $0["path"] as? String == "62.png" && $0["reason"] as? String == "alreadyDone" },
                    "\(touched.stdout)")
            #expect(await sandbox.records(.getImageInfo).count == reads, "nothing asked of the server")
            // and without the journal, the server's ImageInfo names the resized picture's SHA-256: nothing goes up
            let again = try await cli.run(["import", dir.path, "--max-side", "300", "--force", "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(await sandbox.records(.uploadImage).count == uploads, "\(again.stdout)")
        }

        @Test func prepareWritesWhatWouldBeUploadedAndOverwritesNothing() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let photo = try dir.write("in/photo.jpg", FixtureImage.jpeg(width: 640, height: 480, orientation: 8, gps: true, seed: 64))
            let broken = try dir.write("in/broken.png", Array(FixtureImage.png(seed: 65).prefix(60)))
            let out = dir.path + "/out"
            let cli = CLIRunner()
            let result = try await cli.run(["prepare", photo, broken, "--max-side", "320", "--out", out, "--json"])
            #expect(result.status == 1, "one file failed")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            #expect(lines.first?.contains("\"width\":240,\"height\":320") == true, "\(result.stdout)")
            #expect(lines.last?.contains("\"path\":\"\(broken)\"") == true && lines.last?.contains("\"stage\":") == true)
            let written = try #require(try? TemporaryDirectory.read(out + "/photo.jpg"))
            let header = try ImageProbe.probe(bytes: written)
            #expect(header.width == 240 && header.height == 320 && header.orientation == 1 && !header.carriesGPS)
            let again = try await cli.run(["prepare", photo, "--max-side", "320", "--out", out])
            #expect(again.status == 1 && again.stdout.contains("exists already"), "\(again.stdout)")
            #expect(try TemporaryDirectory.read(out + "/photo.jpg") == written)
        }
    }
}
