import ImageCodecs
import ImageFixtures
import ImageIngest
import Logging
import Testing

/// `Ingestor.probe`, `prepare` and `status` as a service calls them: no network, answers in input order.
@Suite struct FileListCallsTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func probeAnswersEveryFileInOrderWithFoldersInTheirPlace() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = try dir.write("a.png", FixtureImage.png(width: 12, height: 6))
        try dir.write("sub/1.jpg", FixtureImage.jpeg(width: 16, height: 8))
        try dir.write("sub/deeper/2.png", FixtureImage.png(width: 9, height: 4))
        let whole = FixtureImage.jpeg(width: 64, height: 64)
        let broken = try dir.write("broken.jpg", Array(whole.prefix(whole.count * 3 / 4)))
        var options = IngestOptions()
        options.verify = true
        for recursive in [false, true] {
            var seen: [(String, Result<VerifyReport, IngestError>)] = []
            try await Ingestor.probe(paths: [first, dir.path + "/sub", broken, dir.path + "/missing.png"], recursive: recursive,
                                     options: options, jobs: 2, logger: logger) { seen.append(($0, $1)) }
            let expected = [first, dir.path + "/sub/1.jpg"] + (recursive ? [dir.path + "/sub/deeper/2.png"] : [])
                + [broken, dir.path + "/missing.png"]
            #expect(seen.map(\.0) == expected)
            #expect(try seen[0].1.get().header.width == 12)
            guard case .failure(let damaged) = seen[seen.count - 2].1, case .failure(let missing) = seen[seen.count - 1].1 else {
                Issue.record("the broken and the missing file should fail")
                continue
            }
            #expect(damaged.stage == .verify && damaged.code == .truncated, "\(damaged)")
            #expect(missing.stage == .read && missing.code == .notFound && missing.errorNumber != nil, "\(missing)")
        }
    }

    @Test func probeOfAnUnreadableListFileThrowsBeforeAnyFile() async throws {
        var calls = 0
        await #expect(throws: IngestError.self) {
            try await Ingestor.probe(paths: [], listFile: "/nonexistent/list.txt", options: .init(), logger: logger) { _, _ in calls += 1 }
        }
        #expect(calls == 0)
    }

    @Test func prepareWritesWhatTheImportWouldUploadAndNeverOverwrites() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let photo = try dir.write("photo.jpg", FixtureImage.jpeg(width: 640, height: 480))
        let out = dir.path + "/out"
        var options = IngestOptions()
        options.maxSide = 100
        var results: [Result<(IngestResult, writtenTo: String?), IngestError>] = []
        try await Ingestor.prepare(paths: [photo], into: out, options: options, logger: logger) { _, outcome in results.append(outcome) }
        let (result, written) = try #require(try results.first?.get())
        #expect(written == out + "/photo.jpg")
        #expect(result.header.width == 100 && result.changes.resized && result.sourceHeader.width == 640)
        let bytes = try TemporaryDirectory.read(try #require(written))
        #expect(bytes.count == result.originalSize && ImagePacker.sha256Hex(bytes) == result.sha256)
        results = []
        try await Ingestor.prepare(paths: [photo], into: out, options: options, logger: logger) { _, outcome in results.append(outcome) }
        guard case .failure(let error) = results.first else { throw IngestError(stage: .record, code: .io, message: "overwrote") }
        #expect(error.stage == .record && error.message.contains("exists already"))
    }

    @Test func statusOfAFolderWithNoJournalIsAJournalError() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        await #expect(throws: IngestError.self) {
            _ = try await Ingestor.status(ofFolder: dir.path, currentServer: nil, logger: logger)
        }
    }
}
