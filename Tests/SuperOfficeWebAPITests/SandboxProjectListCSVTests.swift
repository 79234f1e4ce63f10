import Foundation
import SuperOfficeSandbox
import Testing

/// Reading a project catalogue from CSV (`SandboxProjectCatalogue(csv:source:)`, `load(path:)`).
@Suite struct SandboxProjectListCSVTests {
    @Test func aCatalogueReadsQuotingBOMLineEndsAndExtraColumns() throws {
        let text = "\u{FEFF}projectId,Number,NAME,foreignKey:ERP/main/ProjectNo,projectudef/superoffice:2\r\n"
            + "25,10033,\"Ålesund kai\",P-25,north\r\n"
            + "\r\n"
            + "7,10007,\"O'Brien, \"\"the\"\" builder\",,\n"
            + "9,10033,\"two\nlines\",P-9,\"\"\n"
            + " 3 ,,plain"  // no line end at the end; spaces around an id are fine
            + ",,x"
        let catalogue = try SandboxProjectCatalogue(csv: text, source: "projects.csv")
        #expect(catalogue.count == 4)
        #expect(catalogue.projects.map(\.projectId) == [3, 7, 9, 25])
        #expect(catalogue.fieldColumns == ["projectUdef/SuperOffice:2"])
        #expect(catalogue.foreignKeyNames == ["ERP/main/ProjectNo"])
        let first = try #require(catalogue.project(id: 25))
        #expect(first.number == "10033" && first.name == "Ålesund kai")
        #expect(first.foreignKeys == ["ERP/main/ProjectNo": "P-25"])
        #expect(first.fields == ["projectUdef/SuperOffice:2": "north"])
        let quoted = try #require(catalogue.project(id: 7))
        #expect(quoted.name == "O'Brien, \"the\" builder")
        #expect(quoted.foreignKeys.isEmpty, "an empty cell is no key")
        #expect(catalogue.project(id: 9)?.name == "two\nlines")
        #expect(catalogue.project(id: 9)?.number == "10033", "numbers need not be unique")
        #expect(catalogue.project(id: 3)?.number == "" && catalogue.project(id: 3)?.fields["projectUdef/SuperOffice:2"] == "x")
        #expect(catalogue.project(id: 4) == nil)
    }

    @Test(arguments: [
        ("", "line 1", "header row is missing"),
        ("projectId,number\n1,2\n", "line 1", "no name column"),
        ("projectId,number,name,colour\n", "line 1", "unknown column 'colour'"),
        ("projectId,number,name,Name\n", "line 1", "column 'Name' is repeated"),
        ("projectId,number,name,foreignKey:ERP/main\n", "line 1", "foreignKey:APP/DEVICE/KEY"),
        ("projectId,number,name,projectUdef/SuperOffice:0\n", "line 1", "unknown column"),
        ("projectId,number,name\n1,a,b\nx,c,d\n", "line 3", "projectId 'x' is not a positive 32-bit integer"),
        ("projectId,number,name\n1,a,b\n0,c,d\n", "line 3", "not a positive 32-bit integer"),
        ("projectId,number,name\n1,a,b\n3000000000,c,d\n", "line 3", "not a positive 32-bit integer"),
        ("projectId,number,name\n1,a,b\n\n1,c,d\n", "line 4", "projectId 1 is repeated (first on line 2)"),
        ("projectId,number,name\n1,a\n", "line 2", "2 fields, but the header has 3 columns"),
        ("projectId,number,name\n1,a,b,c\n", "line 2", "4 fields"),
        ("projectId,number,name\n1,a,\"b\n\n", "line 2", "quoted field is not closed"),
        ("projectId,number,name\n1,a,\"b\"c\n", "line 2", "after a quoted field's closing quote"),
        ("projectId,number,name\n1,a\"b,c\n", "line 2", "quote inside an unquoted field"),
        ("projectId,number,name\n1,\"x\ny\",b\n2,a\"b,c\n", "line 4", "quote inside an unquoted field"),
    ])
    func aBadCatalogueNamesTheLine(text: String, line: String, problem: String) {
        do {
            _ = try SandboxProjectCatalogue(csv: text, source: "projects.csv")
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect(error.code == .invalidProjectCatalogue)
            #expect(error.message.hasPrefix("projects.csv \(line): "), "\(error.message)")
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func projectsGivenInCodeAreCheckedAndSorted() throws {
        typealias Project = SandboxProjectCatalogue.Project
        let catalogue = SandboxProjectCatalogue(projects: [
            Project(projectId: 9, number: "1", name: "same", fields: ["PROJECTUDEF/superoffice:3": "v"]),
            Project(projectId: 2, number: "1", name: "same"),
        ])
        #expect(catalogue.projects.map(\.projectId) == [2, 9])
        #expect(catalogue.project(id: 9)?.fields == ["projectUdef/SuperOffice:3": "v"])
        #expect(catalogue.fieldColumns == ["projectUdef/SuperOffice:3"])
        #expect(throws: SandboxError.self) { try SandboxProjectCatalogue(validating: [Project(projectId: 2), Project(projectId: 2)]) }
        #expect(throws: SandboxError.self) { try SandboxProjectCatalogue(validating: [Project(projectId: -5)]) }
        #expect(throws: SandboxError.self) { try SandboxProjectCatalogue(validating: [Project(projectId: 1, fields: ["colour": "red"])]) }
        #expect(throws: SandboxError.self) { try SandboxProjectCatalogue(validating: [Project(projectId: 1, foreignKeys: ["ERP": "1"])]) }
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("projects.csv").path
        try Data("projectId,number,name\n5,10005,Five\n".utf8).write(to: URL(fileURLWithPath: good))
        #expect(try SandboxProjectCatalogue.load(path: good).project(id: 5)?.name == "Five")

        let bad = directory.appendingPathComponent("bad.csv").path
        try Data("projectId,number,name\n5,10005\n".utf8).write(to: URL(fileURLWithPath: bad))
        let badError = #expect(throws: SandboxError.self) { try SandboxProjectCatalogue.load(path: bad) }
        #expect(badError?.message.hasPrefix(bad + " line 2: ") == true, "\(badError?.message ?? "")")
        let latin1 = directory.appendingPathComponent("latin1.csv").path
        try Data([0x70, 0x72, 0x6F, 0x6A, 0xE5, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        let latin1Error = #expect(throws: SandboxError.self) { try SandboxProjectCatalogue.load(path: latin1) }
        #expect(latin1Error?.message.contains("not UTF-8") == true)
        let missing = #expect(throws: SandboxError.self) { try SandboxProjectCatalogue.load(path: directory.path + "/missing.csv") }
        #expect(missing?.code == .invalidProjectCatalogue && missing?.message.contains("no such file") == true)
    }
}
