import Foundation
import ImageFixtures
import Testing

extension EndToEndTests {
    /// `image-ingest undo` as a person runs it: against the in-process sandbox's data beside the journal, the
    /// summary's undo line, `--dry-run`, an unknown `--run`, and `--json`.
    @Suite struct UndoCommandTests {
        @Test func theSummaryNamesTheUndoAndUndoPutsThePictureBack() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            try dir.write("7.jpg", FixtureImage.jpeg(width: 20, height: 15, seed: 7))
            let first = try await CLIRunner().run(["import", dir.path])
            #expect(first.status == 0, "\(first.stderr)")
            try dir.write("7.jpg", FixtureImage.jpeg(width: 20, height: 15, seed: 8))
            let second = try await CLIRunner().run(["import", dir.path])
            #expect(second.status == 0, "\(second.stderr)")
            let summary = try #require(second.events("summary").first)
            #expect(summary["keptPictures"] as? Int == 1 && summary["run"] as? Int == 2, "\(summary)")
            #expect(second.stderr.contains("kept 1 replaced picture") && second.stderr.contains("image-ingest undo \(dir.path) --run 2"),
                    "\(second.stderr)")
            let backups = try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/.image-ingest/backups")
            #expect(backups.filter { $0.count > 60 }.count == 1, "\(backups)")

            let plan = try await CLIRunner().run(["undo", dir.path, "--dry-run", "--json"])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.events("undo").first?["outcome"] as? String == "wouldRestore", "\(plan.stdout)")
            let unknown = try await CLIRunner().run(["undo", dir.path, "--run", "9"])
            #expect(unknown.status == 2 && unknown.stderr.contains("run 9") && unknown.stderr.contains("the runs that have: 1, 2"),
                    "\(unknown.stderr)")
            let undo = try await CLIRunner().run(["undo", dir.path, "--json"])
            #expect(undo.status == 0, "\(undo.stderr)")
            let entry = try #require(undo.events("undo").first)
            #expect(entry["outcome"] as? String == "restored" && entry["projectId"] as? Int == 7, "\(entry)")
            #expect(undo.events("undoFinished").first?["restored"] as? Int == 1)
            // the file is new again to the journal: the next import uploads it
            let again = try await CLIRunner().run(["import", dir.path])
            #expect(again.events("summary").first?["done"] as? Int == 1, "\(again.stdout)")
        }
    }
}
