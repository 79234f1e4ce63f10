import Foundation
import Testing

extension EndToEndTests {
    /// The README's quick start, `image-ingest import Samples`, does the whole job: four images submitted,
    /// the broken one failed at verify, the two documentation files listed as unmapped.
    @Suite struct QuickStartTests {
        @Test func importingSamplesSubmitsFourAndRejectsTheBrokenOne() async throws {
            let samples = SampleWriter.samplesFolder
            let journal = NSTemporaryDirectory() + "quickstart-\(UUID().uuidString).sqlite"
            defer { try? FileManager.default.removeItem(atPath: journal) }
            let result = try await CLIRunner().run(["import", samples, "--json", "--journal", journal])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("no server and no credential configured: submitting to an in-process sandbox; nothing leaves this machine"))
            #expect(result.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [101, 102, 103, 104])
            let failed = try #require(result.events("failed").first)
            #expect(failed["path"] as? String == "105.jpg" && failed["stage"] as? String == "verify")
            #expect(result.events("skipped").compactMap { $0["path"] as? String } == ["README.md", "manifest.csv"])
        }
    }
}
