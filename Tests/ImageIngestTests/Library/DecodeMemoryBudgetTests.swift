import ImageCodecs
import ImageFixtures
@testable import ImageIngest
import Logging
import SuperOfficeWebAPI
import Testing

/// The import's memory budget covers each file's bytes and what its decode needs, estimated from its header.
@Suite struct DecodeMemoryBudgetTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A dry run needs no server: the client is never called.
    func dryRunIngestor(_ configure: (inout IngestOptions) -> Void) throws -> Ingestor {
        var options = IngestOptions()
        options.dryRun = true
        configure(&options)
        let client = try SuperOfficeClient(configuration: .init(baseURL: "http://127.0.0.1:9/", credentials: .bearer("dry-run")))
        return Ingestor(client: client, options: options)
    }

    @Test func aFilesNeedIsItsBytesPlusItsDecodeEstimatePlusACopyWhenZipped() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = FixtureImage.jpeg(width: 1200, height: 900, progressive: true)
        let path = try dir.write("1.jpg", bytes)
        let decode = try DecodeMemory.estimate(bytes: bytes).bytes
        var options = IngestOptions()
        let need = FileMemoryNeed.estimate(path: path, size: bytes.count, options: options)
        #expect(need.fileBytes == bytes.count && need.workBytes == decode)
        // the header it read goes on to the pipeline (parsed once)
        #expect(need.header?.width == 1200 && need.header?.height == 900 && need.header?.isProgressive == true)
        options.zip = .automatic
        let zipped = FileMemoryNeed.estimate(path: path, size: bytes.count, options: options)
        #expect(zipped.workBytes == max(decode, bytes.count + FileMemoryNeed.deflateStateBytes))
        options.verify = false
        options.zip = .never
        #expect(FileMemoryNeed.estimate(path: path, size: bytes.count, options: options).workBytes == 0)
        // a file that is no image needs no decode memory (its probe fails first)
        let text = try dir.write("2.jpg", text: "not an image")
        #expect(FileMemoryNeed.estimate(path: text, size: 12, options: IngestOptions()).workBytes == 0)
    }

    /// Six progressive JPEGs of a few hundred KB, each needing about 4.3 MB to verify, under a 4 MiB budget
    /// with 16 jobs: by file bytes alone all six would fit at once; with the decode counted each one runs
    /// alone, so no file starts while another is between its start and its pack stage.
    @Test(.timeLimit(.minutes(2)))
    func filesWhoseDecodeExceedsTheBudgetRunOneAtATime() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var total = 0
        for id in 501...506 {
            let bytes = FixtureImage.jpeg(width: 1200, height: 900, progressive: true, seed: id)
            total += bytes.count
            try dir.write("\(id).jpg", bytes)
            #expect(try DecodeMemory.estimate(bytes: bytes).bytes > 4 << 20)
        }
        #expect(total < 4 << 20, "the files' bytes alone fit the budget together")
        let importer = try dryRunIngestor { $0.concurrency = 16; $0.memoryBudget = 4 << 20 }
        var decoding: Set<String> = []
        var mostAtOnce = 0
        var done = 0
        // a dry run with no server to ask takes the ids as they are (as the CLI does)
        var settings = FolderImportSettings()
        settings.lookUpProjects = false
        for try await event in importer.importFolder(dir.path, settings: settings, logger: logger) {
            switch event {
            case .started(let path, _):
                decoding.insert(path)
                mostAtOnce = max(mostAtOnce, decoding.count)
            case .stagePassed(let path, .pack):
                decoding.remove(path)
            case .done:
                done += 1
            default:
                break
            }
        }
        #expect(done == 6)
        #expect(mostAtOnce == 1)
    }
}
