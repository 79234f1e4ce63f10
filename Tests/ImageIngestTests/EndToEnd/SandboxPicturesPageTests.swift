import Foundation
import ImageFixtures
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Debian's Chromium, when it is installed (`.ci/run` installs it; elsewhere the page test is skipped).
let headlessChromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

extension EndToEndTests {
    /// `image-ingest-sandbox --data PATH`: the sandbox keeps its pictures in SQLite across restarts and shows
    /// them on a page at `/`, which a real headless browser renders with every picture loaded.
    @Suite struct SandboxPicturesPageTests {
        static let logger = Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }

        @Test func picturesOutliveTheSandboxProcessAndEvictionIsRemembered() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let jpeg = FixtureImage.jpeg(width: 40, height: 30, seed: 1)
            // room for the two latest bitmaps only
            var configuration = SandboxConfiguration(imageBytesBudget: 2 * jpeg.count + 10)
            configuration.dataPath = dir.path + "/sandbox.sqlite"
            let identity = try await SandboxServer.withSandbox(configuration, logger: Self.logger) { sandbox in
                let client = try SuperOfficeClient(configuration: .init(baseURL: sandbox.baseURL, credentials: sandbox.credentials))
                for project in 1...3 {
                    _ = try await client.uploadProjectImage(projectId: project, bytes: jpeg, contentType: "image/jpeg", logger: Self.logger)
                }
                return sandbox.storeIdentity
            }
            try await SandboxServer.withSandbox(configuration, logger: Self.logger) { sandbox in
                #expect(sandbox.storeIdentity == identity)
                #expect(await sandbox.pictureCount() == 3)
                let latest = try #require(await sandbox.storedImage(projectId: 3))
                #expect(latest.bytes == jpeg)
                // the budget holds over restarts: the oldest bitmap was dropped, its ImageInfo kept
                let oldest = try #require(await sandbox.storedImage(projectId: 1))
                #expect(oldest.bytes == nil && oldest.info.blobId != nil && oldest.info.blobId != 0)
            }
            SandboxServer.removeData(at: configuration.dataPath!)
            try await SandboxServer.withSandbox(configuration, logger: Self.logger) { sandbox in
                #expect(sandbox.storeIdentity != identity)
                #expect(await sandbox.pictureCount() == 0)
            }
        }

        @Test(.enabled(if: headlessChromium != nil, "needs Debian's chromium"))
        func thePageRendersInHeadlessChromiumAndEveryPictureLoads() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            var configuration = SandboxConfiguration()
            configuration.dataPath = dir.path + "/sandbox.sqlite"
            try await SandboxServer.withSandbox(configuration, logger: Self.logger) { sandbox in
                let client = try SuperOfficeClient(configuration: .init(baseURL: sandbox.baseURL, credentials: sandbox.credentials))
                _ = try await client.uploadProjectImage(
                    projectId: 11, bytes: FixtureImage.jpeg(width: 64, height: 48, seed: 11), contentType: "image/jpeg", logger: Self.logger)
                _ = try await client.uploadProjectImage(
                    projectId: 12, bytes: FixtureImage.png(width: 32, height: 32, color: .rgba, seed: 12), contentType: "image/png",
                    logger: Self.logger)
                _ = try await client.uploadProjectImage(
                    projectId: 13, bytes: FixtureImage.png(width: 20, height: 10, color: .palette, seed: 13), contentType: "image/png",
                    logger: Self.logger)
                var info = try await client.projectImageInfo(projectId: 12, logger: Self.logger)
                info.description = "Logo <b>&</b> friends"
                _ = try await client.putProjectImageInfo(projectId: 12, info, logger: Self.logger)

                let dom = try Self.chromiumDOM(headlessChromium!, url: sandbox.picturesPageURL)
                #expect(dom.contains("<body data-images=\"3\" data-loaded=\"3\""), "\(dom.prefix(2000))")
                #expect(dom.contains("3 projects with a picture."))
                #expect(dom.contains("Logo &lt;b&gt;&amp;&lt;/b&gt; friends"), "the description is text, not markup")
                let pictures = await sandbox.requestLog().filter { $0.operation == .picture }
                #expect(Set(pictures.filter(\.succeeded).compactMap(\.projectId)) == [11, 12, 13])
            }
        }

        /// The DOM after the page's load event (Chromium's `--dump-dom`, with virtual time to let it finish).
        static func chromiumDOM(_ chromium: String, url: String) throws -> String {
            let profile = try TemporaryDirectory("chromium-profile")
            defer { profile.remove() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                                 "--virtual-time-budget=10000", "--dump-dom", url]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
