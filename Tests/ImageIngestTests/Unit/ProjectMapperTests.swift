import ImageIngest
import Testing

@Suite struct ProjectMapperTests {
    @Test(arguments: [
        ("654.jpg", 654), ("654-logo.png", 654), ("654_a.png", 654), ("654 front.jpg", 654), ("654", 654),
        ("12/logo.png", 12), ("12/34.png", 34), ("a/12/b/logo.png", 12),
        // an ambiguous name inside a project folder takes the folder's project
        ("12/2024-01-05 site visit.jpg", 12),
    ])
    func mapsByNameOrFolder(path: String, expected: Int) {
        #expect(ProjectMapper.projectId(forPath: path) == expected)
    }

    @Test(arguments: ["logo.png", "0.jpg", "99999999999.jpg", "x654.jpg", "photos2023/logo.png"])
    func leavesUnmapped(path: String) {
        #expect(ProjectMapper.projectId(forPath: path) == nil)
    }

    /// Dates, times and decimals start with digits but name no project: mapping them would overwrite the
    /// picture of project 2024, 20240106 or 7 on a real tenant.
    @Test(arguments: [
        "2024-01-05 site visit.jpg", "20240106_101010.jpg", "7.5.jpg", "654-.jpg", "654_2.png", "654 1.jpg",
        "654x.jpg", "654.backup.jpg", "0.jpg", "99999999999.jpg",
    ])
    func digitsInAnyOtherFormAreAmbiguous(name: String) {
        guard case .ambiguous(let why) = FileNameMatch(fileName: name) else {
            Issue.record("\(name) is not reported as ambiguous: \(FileNameMatch(fileName: name))")
            return
        }
        #expect(!why.isEmpty)
        #expect(ProjectMapper.projectId(forPath: name) == nil)
    }

    @Test func theIssuesFolderMapsOnlyTheUnambiguousNames() {
        let names = ["2024-01-05 site visit.jpg", "20240106_101010.jpg", "7.5.jpg", "654.jpg", "655-logo.png", "notes.txt"]
        let plan = ProjectMapper.plan(discovered: names.map { DiscoveredFile(relativePath: $0, kind: .regular) }, manifest: nil)
        #expect(plan.files.map(\.relativePath) == ["654.jpg", "655-logo.png"])
        #expect(plan.files.map(\.projectId) == [654, 655])
        #expect(plan.ambiguous == ["2024-01-05 site visit.jpg", "20240106_101010.jpg", "7.5.jpg"])
        #expect(plan.unmapped == ["notes.txt"])
        #expect(plan.failures.isEmpty)
    }

    @Test func filesInFoldersNotWalkedAreListedAndAManifestRowStillNamesThem() throws {
        let found = [DiscoveredFile(relativePath: "1.jpg", kind: .regular),
                     DiscoveredFile(relativePath: "abc/300.jpg", kind: .inSubfolder),
                     DiscoveredFile(relativePath: "abc/301.jpg", kind: .inSubfolder)]
        let byName = ProjectMapper.plan(discovered: found, manifest: nil)
        #expect(byName.files.map(\.relativePath) == ["1.jpg"])
        #expect(byName.inSubfolder == ["abc/300.jpg", "abc/301.jpg"])
        #expect(byName.total == 3)

        let manifest = try Manifest(csv: "abc/300.jpg,300\n", source: "m.csv")
        let listed = ProjectMapper.plan(discovered: found, manifest: manifest)
        #expect(listed.files.map(\.relativePath) == ["abc/300.jpg"])
        #expect(listed.notInManifest == ["1.jpg"])
        #expect(listed.inSubfolder == ["abc/301.jpg"])
        #expect(listed.unmapped.isEmpty)
    }

    @Test func twoFilesForOneProjectFailBothNamingBoth() {
        let found = ["654.jpg", "654-logo.png", "7.png", "readme.txt"].map { DiscoveredFile(relativePath: $0, kind: .regular) }
        let plan = ProjectMapper.plan(discovered: found, manifest: nil)
        #expect(plan.files.map(\.relativePath) == ["7.png"])
        #expect(plan.unmapped == ["readme.txt"])
        #expect(plan.failures.count == 2)
        for failure in plan.failures {
            #expect(failure.code == .duplicateProject)
            #expect(failure.message.contains("654.jpg") && failure.message.contains("654-logo.png"))
        }
    }
}
