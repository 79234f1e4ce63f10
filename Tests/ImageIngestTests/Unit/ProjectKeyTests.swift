import ImageIngest
import SuperOfficeWebAPI
import Testing

/// What a file's name, folder or manifest row says about its project before the server is asked.
@Suite struct ProjectKeyTests {
    /// Years followed by words and padded numbers read as events and labels, not as project ids.
    @Test(arguments: ["2019 Summer party.jpg", "2023 Q3 board meeting.jpg", "2023_Q3 board.jpg", "007 Bond.jpg", "007.jpg",
                      "0654-logo.png"])
    func yearsAndLeadingZerosAreAmbiguous(name: String) {
        guard case .ambiguous(let why) = FileNameMatch(fileName: name) else {
            Issue.record("\(name) is not reported as ambiguous: \(FileNameMatch(fileName: name))")
            return
        }
        #expect(why.contains("year") || why.contains("leading zeros"))
        #expect(ProjectMapper.projectId(forPath: name) == nil)
    }

    /// The forms that always mapped still do.
    @Test(arguments: [("654.jpg", 654), ("654-logo.png", 654), ("654 site photo.jpg", 654), ("654/front.png", 654),
                      ("2019.jpg", 2019), ("2019-logo.png", 2019), ("1899 old mill.jpg", 1899)])
    func theIdFormsStillMap(path: String, expected: Int) {
        #expect(ProjectMapper.projectId(forPath: path) == expected)
    }

    @Test func aFolderWithLeadingZerosIsNoProjectFolder() {
        #expect(ProjectMapper.projectId(forPath: "007/logo.png") == nil)
    }

    @Test(arguments: [
        ("P-10042.jpg", ProjectMatch.number, ["P-10042"]),
        ("10042 Harbour crane.jpg", .number, ["10042 Harbour crane", "10042"]),
        ("  AB 77 .png", .number, ["AB 77", "AB"]),
        ("P-10042/front.jpg", .number, ["P-10042"]),
        ("Harbour crane upgrade.jpg", .name, ["Harbour crane upgrade"]),
        ("Harbour crane upgrade/site.jpg", .name, ["Harbour crane upgrade"]),
        ("ERP-77.png", .foreignKey(application: "ERP", device: "main", key: "code"), ["ERP-77"]),
    ])
    func keysComeFromTheStemOrTheFolder(path: String, match: ProjectMatch, expected: [String]) {
        #expect(ProjectMapper.keys(forPath: path, match: match) == expected)
    }

    /// A name written with a combining ring (as macOS file systems store it) is the same key as the precomposed one.
    @Test func keysAreNFC() {
        let decomposed = "A\u{030A}lesund kai.jpg"
        let keys = ProjectMapper.keys(forPath: decomposed, match: .name)
        #expect(keys == ["\u{00C5}lesund kai"])
        #expect(keys.first?.unicodeScalars.first == "\u{00C5}")
    }

    @Test func planByNumberTakesEveryFileAndLeavesTheProjectOpen() {
        let names = ["P-10042.jpg", "2019 Summer party.jpg", "P-10043/front.jpg"]
        let plan = ProjectMapper.plan(discovered: names.map { DiscoveredFile(relativePath: $0, kind: .regular) }, manifest: nil,
                                      match: .number)
        #expect(plan.files.map(\.relativePath) == ["2019 Summer party.jpg", "P-10042.jpg", "P-10043/front.jpg"])
        #expect(plan.files.allSatisfy { $0.projectId == 0 })
        #expect(plan.files.first { $0.relativePath == "2019 Summer party.jpg" }?.keys == ["2019 Summer party", "2019"])
        #expect(plan.failures.isEmpty)
    }

    @Test func manifestHeadersNameTheirColumn() throws {
        let byNumber = try Manifest(csv: "path,number\nP-10042.jpg, P-10042 \nb.jpg,10043\n")
        #expect(byNumber.match == .number)
        #expect(byNumber.entries.map(\.key) == ["P-10042", "10043"])
        #expect(byNumber.entries.allSatisfy { $0.projectId == nil })
        let byName = try Manifest(csv: "path,name,description\na.jpg,\"O'Brien & Sons\",Front\n")
        #expect(byName.match == .name && byName.entries[0].key == "O'Brien & Sons" && byName.entries[0].description == "Front")
        let byId = try Manifest(csv: "path,projectId\na.jpg,654\n")
        #expect(byId.match == .id && byId.entries[0].projectId == 654)
        let erp = ProjectMatch.foreignKey(application: "ERP", device: "main", key: "code")
        let byKey = try Manifest(csv: "path,key\na.jpg,ERP-77\n", match: erp)
        #expect(byKey.match == erp && byKey.entries[0].key == "ERP-77")
        let headerless = try Manifest(csv: "a.jpg,P-1\n", match: .number)
        #expect(headerless.entries[0].key == "P-1")
    }

    @Test(arguments: [
        ("path,key\na.jpg,X\n", nil as ProjectMatch?, "--match foreign-key"),
        ("path,number\na.jpg,X\n", ProjectMatch.name, "drop one of them"),
        ("path,colour\na.jpg,X\n", nil, "not projectId, number, name or key"),
        ("a.jpg,P-10042\n", nil, "needs a header"),
        ("a.jpg,007\n", nil, "leading zeros"),
        ("path,number\na.jpg,\"  \"\n", nil, "is empty"),
    ])
    func manifestsThatCannotSayWhichProjectAreRefused(text: String, match: ProjectMatch?, expected: String) {
        #expect {
            _ = try Manifest(csv: text, source: "m.csv", match: match)
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .invalidManifest && error.message.contains(expected)
        }
    }

    /// Two files that resolve to one project both fail, naming each other; the project is named as people know it.
    @Test func duplicatesAfterResolutionFailBoth() {
        var plan = ImportPlan(files: [
            PlannedFile(relativePath: "a.jpg", projectId: 3001, keys: ["A"]),
            PlannedFile(relativePath: "b.jpg", projectId: 3001, keys: ["B"]),
            PlannedFile(relativePath: "c.jpg", projectId: 3002, keys: ["C"]),
        ])
        plan.files[0].project = ProjectSummary(projectId: 3001, number: "N-1", name: "Quay")
        plan.files[1].project = plan.files[0].project
        ProjectMapper.separateDuplicates(&plan)
        #expect(plan.files.map(\.relativePath) == ["c.jpg"])
        #expect(plan.failures.map(\.code) == [.duplicateProject, .duplicateProject])
        #expect(plan.failures.allSatisfy { $0.stage == .resolve && $0.message.contains("3001 (number N-1, \"Quay\")") })
    }
}
