import Foundation
import Testing

extension EndToEndTests {
    /// The README's quick start, `image-ingest import Samples`, does the whole job: six images submitted (the
    /// phone's HEIC and the web's WebP converted), the broken one failed at verify, the two documentation files listed as unmapped. Run again, it uploads
    /// nothing: the embedded sandbox kept what it was sent, and the journal knows it.
    @Suite struct QuickStartTests {
        @Test func importingSamplesSubmitsSixAndRejectsTheBrokenOneThenNothingTheSecondTime() async throws {
            let samples = SampleWriter.samplesFolder
            // the journal and the sandbox's data beside it, outside the repository
            let state = NSTemporaryDirectory() + "quickstart-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: state) }
            let arguments = ["import", samples, "--json", "--journal", state + "/journal.sqlite"]
            let result = try await CLIRunner().run(arguments)
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("no server and no credential configured: submitting to an in-process sandbox; nothing leaves this machine"))
            #expect(result.stderr.contains("it keeps what it is sent in \(state)/sandbox.sqlite (0 projects"), "\(result.stderr)")
            #expect(result.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [101, 102, 103, 104, 106, 107])
            #expect(result.events("summary").first?["converted"] as? [String: Int] == ["HEIC": 1, "WebP": 1], "\(result.stdout)")
            let failed = try #require(result.events("failed").first)
            #expect(failed["path"] as? String == "105.jpg" && failed["stage"] as? String == "verify")
            #expect(result.events("skipped").compactMap { $0["path"] as? String }
                == ["README.md", "manifest.csv", "projects.csv", "by-number/10043 \u{00C5}lesund kai.png", "by-number/P-10042.jpg",
                    "by-number/P-10044.jpg", "by-number/P-99999.jpg"])

            let second = try await CLIRunner().run(arguments)
            #expect(second.stderr.contains("(6 projects with a picture so far"), "\(second.stderr)")
            #expect(second.events("done").isEmpty, "the second run uploads nothing")
            #expect(second.events("skipped").filter { $0["reason"] as? String == "alreadyDone" }.count == 6)
            #expect(second.events("summary").first?["alreadyDone"] as? Int == 6)

            // without the journal the sandbox still knows: unchanged on server; --fresh starts it empty
            try FileManager.default.removeItem(atPath: state + "/journal.sqlite")
            let third = try await CLIRunner().run(arguments)
            #expect(third.events("done").isEmpty)
            #expect(third.events("summary").first?["unchangedOnServer"] as? Int == 6, "\(third.stdout)")
            let fresh = try await CLIRunner().run(arguments + ["--fresh"])
            #expect(fresh.events("done").count == 6, "\(fresh.stderr)")
        }

        /// The README's second quick start: files named by project number, against the sandbox's catalogue in
        /// `Samples/projects.csv`: two land on their projects, one number two projects have is ambiguous, one
        /// matches none.
        @Test func importingByNumberUsesTheCatalogue() async throws {
            let samples = SampleWriter.samplesFolder
            let state = NSTemporaryDirectory() + "quickstart-number-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: state) }
            let result = try await CLIRunner().run(["import", samples + "/by-number", "--match", "number", "--json",
                                                    "--sandbox-projects", samples + "/projects.csv",
                                                    "--journal", state + "/journal.sqlite"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("the in-process sandbox has the 11 projects of"), "\(result.stderr)")
            #expect(result.events("done").compactMap { $0["projectId"] as? Int }.sorted() == [201, 202])
            let resolved = result.events("resolved")
            #expect(resolved.contains { $0["number"] as? String == "10043" && $0["name"] as? String == "\u{00C5}lesund kai" })
            let failures = Dictionary(uniqueKeysWithValues: result.events("failed").compactMap { event in
                (event["path"] as? String).map { ($0, event["code"] as? String ?? "") }
            })
            #expect(failures == ["P-10044.jpg": "ambiguousProject", "P-99999.jpg": "noSuchProject"])
        }
    }
}
