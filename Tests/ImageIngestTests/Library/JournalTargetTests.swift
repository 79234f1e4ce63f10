import Foundation
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// `SuperOfficeConnection.journalTarget` is what an import keys its journal rows on: for the embedded sandbox, its
/// data's identity (the port changes every run), named as ImageIngest names an in-process sandbox.
@Suite struct JournalTargetTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func theEmbeddedSandboxIsKeyedByItsDataAcrossRuns() async throws {
        #expect(SuperOfficeConnection.journalTargetPrefix == FolderImportSettings.inProcessSandboxTargetPrefix)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var options = SuperOfficeConnection.Options()
        options.sandboxDataPath = dir.path + "/sandbox.sqlite"
        let settings = try SuperOfficeSettings(environment: [:])
        let first = try await SuperOfficeConnection.open(settings: settings, options: options, logger: logger)
        let target = first.journalTarget
        await first.close()
        let second = try await SuperOfficeConnection.open(settings: settings, options: options, logger: logger)
        #expect(second.journalTarget == target && target.hasPrefix(SuperOfficeConnection.journalTargetPrefix), "\(target)")
        await second.close()
        #expect(FolderImportSettings.serverName(ofTarget: target) == "the in-process sandbox")

        let server = try await SuperOfficeConnection.open(
            settings: try SuperOfficeSettings(environment: ["SO_BASE_URL": "https://crm.example.com/Cust1/", "SO_TICKET": "7T:x"]),
            logger: logger)
        #expect(server.journalTarget == "https://crm.example.com/Cust1/")
    }
}
