import ImageIngest
import Testing

@Suite struct ManifestTests {
    @Test func parsesHeaderQuotesSemicolonsAndOptionalFields() throws {
        let text = "\u{FEFF}path,projectId,description,conceptualType\r\n"
            + "654.jpg,654\r\n"
            + "./logos/a.png,7,\"Site photo, north side\",Logo\n"
            + "\n# a comment\n"
            + "b.png;8;\"He said \"\"hi\"\"\";\n"
        let manifest = try Manifest(csv: text)
        #expect(manifest.entries.map(\.path) == ["654.jpg", "logos/a.png", "b.png"])
        #expect(manifest.entries.map(\.projectId) == [654, 7, 8])
        #expect(manifest.entries[0].description == nil)
        #expect(manifest.entries[1].description == "Site photo, north side")
        #expect(manifest.entries[1].conceptualType == "Logo")
        #expect(manifest.entries[2].description == "He said \"hi\"")
        #expect(manifest.entries[2].conceptualType == nil)
        #expect(manifest.entries[1].line == 3)
    }

    @Test(arguments: [
        ("a.jpg,abc\n", "line 1"),
        ("a.jpg\n", "line 1"),
        ("a.jpg,1\nb.jpg,0\n", "line 2"),
        ("a.jpg,1\na.jpg,2\n", "already listed on line 1"),
        ("../x.jpg,1\n", "relative"),
        ("a.jpg,1,\"open\n", "not closed"),
    ])
    func rejectsBadRowsNamingTheLine(text: String, expected: String) {
        #expect {
            _ = try Manifest(csv: text, source: "m.csv")
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .invalidManifest && error.message.contains(expected) && error.message.contains("m.csv")
        }
    }

    @Test func manifestMapsOnlyListedFilesAndReportsMissingOnes() throws {
        let manifest = try Manifest(csv: "a.jpg,1,Desc\nmissing.png,2\nc.png,1\n")
        let found = ["a.jpg", "b.jpg", "c.png"].map { DiscoveredFile(relativePath: $0, kind: .regular) }
        let plan = ProjectMapper.plan(discovered: found, manifest: manifest)
        #expect(plan.files.isEmpty)  // a.jpg and c.png both claim project 1
        #expect(plan.notInManifest == ["b.jpg"])
        #expect(plan.unmapped.isEmpty)
        #expect(plan.failures.map(\.code).sorted { $0.name < $1.name } == [.duplicateProject, .duplicateProject, .notFound])
        let single = ProjectMapper.plan(discovered: found, manifest: try Manifest(csv: "a.jpg,1,Desc,Logo\n"))
        #expect(single.files == [PlannedFile(relativePath: "a.jpg", projectId: 1, description: "Desc", conceptualType: "Logo")])
    }

    @Test func excludedPathsAndOddEntriesAreAccountedFor() {
        let found = [
            DiscoveredFile(relativePath: "manifest.csv", kind: .regular),
            DiscoveredFile(relativePath: "5.jpg", kind: .regular),
            DiscoveredFile(relativePath: "6.fifo", kind: .notRegular("a FIFO")),
            DiscoveredFile(relativePath: "loop", kind: .unreadableDirectory("a directory link loop")),
        ]
        let plan = ProjectMapper.plan(discovered: found, manifest: nil, excluding: ["manifest.csv"])
        #expect(plan.files.map(\.relativePath) == ["5.jpg"])
        #expect(plan.unmapped.isEmpty)
        #expect(plan.failures.map(\.path) == ["6.fifo", "loop"])
        #expect(plan.total == 3)
    }
}
