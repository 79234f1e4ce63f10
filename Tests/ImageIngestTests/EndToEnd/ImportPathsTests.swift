import Foundation
import ImageFixtures
import LibC
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

extension EndToEndTests.ImportPathsTests {
    /// `--report` writes one row a file: done, skipped and failed, quoted so any CSV reader takes it.
    @Test func theReportHasOneRowAFile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = try TemporaryDirectory()
        defer { state.remove() }
        try dir.write("7.jpg", FixtureImage.jpeg(seed: 7))
        try dir.write("8 north, \"quoted\".jpg", FixtureImage.jpeg(seed: 8))
        try dir.write("9.jpg", Array(FixtureImage.jpeg(seed: 9).prefix(300)))
        try dir.write("notes.txt", text: "hello")
        let report = state.path + "/out.csv"
        let result = try await CLIRunner().run(["import", dir.path, "--json", "--journal", state.path + "/", "--report", report])
        #expect(result.status == 1, "\(result.stderr)")
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "path,projectId,number,name,outcome,code,message,blobId,bytes,backup")
        #expect(lines.count == 5, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("7.jpg,7,,,done,") })
        #expect(lines.contains { $0.hasPrefix("\"8 north, \"\"quoted\"\".jpg\",8,,,done,") })
        #expect(lines.contains { $0.hasPrefix("9.jpg,9,,,failed,") })
        #expect(lines.contains { $0.hasPrefix("notes.txt,,,,skipped,unmapped,") })
    }

    /// A report that cannot be written is a usage error naming the flag, before any file is started.
    @Test func aReportThatCannotBeWrittenIsAUsageError() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("7.jpg", FixtureImage.jpeg(seed: 7))
        let result = try await CLIRunner().run(["import", dir.path, "--json", "--report", dir.path + "/no/such/folder/out.csv"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write the report") && result.stderr.contains("(--report)"), "\(result.stderr)")
        #expect(result.events("started").isEmpty && result.events("done").isEmpty)
    }
}

extension EndToEndTests.ImportPathsTests {
    /// A damaged journal is named with what to do, in words, not SQLite's statement.
    @Test func aDamagedJournalSaysWhatToDo() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("7.jpg", FixtureImage.jpeg(seed: 7))
        let journal = try dir.write(".image-ingest/journal.sqlite", Array(repeating: 0x41, count: 4096))
        let result = try await CLIRunner().run(["import", dir.path, "--json"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(journal) is not a journal, or it is damaged: move it aside"), "\(result.stderr)")
        #expect(!result.stderr.contains("PRAGMA") && !result.stderr.contains("SQLite error"), "\(result.stderr)")
    }
}

extension EndToEndTests.ImportPathsTests {
    /// One file, one code: a dangling link and a FIFO are `notARegularFile` with the same words in `probe` and `import`.
    @Test func probeAndImportGiveAFileTheSameCode() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(symlink(dir.path + "/nowhere", dir.path + "/5.jpg") == 0)
        #expect(mkfifo(dir.path + "/6.jpg", 0o600) == 0)
        let probe = try await CLIRunner().run(["probe", "--json", dir.path + "/5.jpg", dir.path + "/6.jpg"])
        let imported = try await CLIRunner().run(["import", dir.path, "--json"])
        for name in ["5.jpg", "6.jpg"] {
            let probed = try #require(probe.jsonLines.first { ($0["path"] as? String)?.hasSuffix(name) == true })
            let failed = try #require(imported.events("failed").first { $0["path"] as? String == name })
            #expect(probed["code"] as? String == "notARegularFile" && failed["code"] as? String == "notARegularFile")
            #expect((probed["error"] as? String)?.hasSuffix(failed["message"] as? String ?? "?") == true, "\(probed) \(failed)")
        }
    }
}
