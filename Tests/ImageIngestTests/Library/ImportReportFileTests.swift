import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// `FolderImport.writingReport(to:redact:)`: a CSV row a file as it ends, from the library, and a report that cannot
/// be written stops the import before anything is sent.
@Suite struct ImportReportFileTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test(.sandbox()) func everyEndedFileHasItsRowAndSecretsAreRedacted() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 3)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir.path + "/103.jpg"))
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        let ingestor = Ingestor(client: try SuperOfficeClient(configuration: configuration))
        let reportPath = dir.path + "/../report-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: reportPath) }
        // the redactor is the caller's: here it hides the words of the non-image's failure ("not an image")
        let report = try await ingestor.importFolder(dir.path, logger: logger)
            .writingReport(to: reportPath, redact: SecretRedactor(secrets: ["an image"])).run()
        #expect(report.done == 3 && report.failures.count == 1)

        let rows = try String(contentsOfFile: reportPath, encoding: .utf8).split(separator: "\r\n").map(String.init)
        #expect(rows.first == "path,projectId,number,name,outcome,code,message,blobId,bytes,backup")
        #expect(rows.count == 5, "\(rows)")
        let done = rows.filter { $0.contains(",done,") }
        #expect(done.count == 3 && done.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })
        let failed = try #require(rows.first { $0.hasPrefix("103.jpg,103,") })
        #expect(failed.contains(",failed,") && failed.contains("<redacted>") && !failed.contains("an image"), "\(failed)")
    }

    @Test(.sandbox()) func aReportThatCannotBeWrittenStopsTheImportBeforeAnyRequest() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FixtureFolder.goodImages(in: dir, count: 2)
        let ingestor = Ingestor(client: try SuperOfficeClient(configuration: .init(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)))
        await #expect {
            _ = try await ingestor.importFolder(dir.path, logger: logger).writingReport(to: dir.path + "/no/such/folder/report.csv").run()
        } throws: { error in
            let error = error as? IngestError
            return error?.code == .configuration && error?.errorNumber == ENOENT
        }
        #expect(await sandbox.server.requestLog().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: Journal.defaultPath(forFolder: dir.path)))
    }
}
