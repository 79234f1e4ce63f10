import Foundation
import ImageFixtures
import Testing

extension EndToEndTests {
    /// A mistyped folder is an error with or without a server, and creates nothing; `--journal` naming a folder
    /// keeps everything inside it.
    @Suite struct ImportPathsTests {
        @Test func aFolderThatIsMissingOrAFileIsAnErrorAndNothingIsCreated() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let missing = dir.path + "/nowhere"
            let result = try await CLIRunner().run(["import", missing])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("no such folder"))
            #expect(!FileManager.default.fileExists(atPath: missing))
            let file = try dir.write("one.jpg", FixtureImage.jpeg(seed: 1))
            let onFile = try await CLIRunner().run(["import", file])
            #expect(onFile.status == 2 && onFile.stderr.contains("not a folder"), "\(onFile.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["one.jpg"])
        }

        @Test func aJournalFolderHoldsTheJournalAndTheSandboxData() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let state = try TemporaryDirectory()
            defer { state.remove() }
            try dir.write("7.jpg", FixtureImage.jpeg(seed: 7))
            let result = try await CLIRunner().run(["import", dir.path, "--json", "--journal", state.path + "/x-dir/"])
            #expect(result.status == 0, "\(result.stderr)")
            let inside = try FileManager.default.contentsOfDirectory(atPath: state.path + "/x-dir")
            #expect(inside.contains("journal.sqlite") && inside.contains("sandbox.sqlite"), "\(inside)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == ["x-dir"])
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/.image-ingest"))
        }
    }
}
