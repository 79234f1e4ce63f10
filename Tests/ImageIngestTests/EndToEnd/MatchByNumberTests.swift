import Foundation
import ImageFixtures
import ImageIngest
import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Pictures matched to projects by what people know (number, name, an outside key), resolved against a
/// sandbox that has a project catalogue, over real loopback HTTP.
@Suite struct MatchByNumberTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func ingestor(_ sandbox: SandboxHarness, jobs: Int = 8) throws -> Ingestor {
        var configuration = SuperOfficeClientConfiguration(baseURL: sandbox.server.baseURL, credentials: sandbox.server.credentials)
        configuration.requestsPerSecond = nil
        var options = IngestOptions()
        options.concurrency = jobs
        return Ingestor(client: try SuperOfficeClient(configuration: configuration), options: options)
    }

    /// The lookups of an import: OData list requests and ForeignApp key requests.
    static func lookups(_ sandbox: SandboxHarness) async -> Int {
        await sandbox.server.requestLog().filter { record in
            let path = record.path.lowercased()
            return record.method == "GET" && (path.hasSuffix("api/v1/project") || path.contains("/foreignapp/"))
        }.count
    }

    /// 5,000 projects numbered P-10000…P-14999 with ids 3001…8000, where the last three projects repeat the
    /// numbers P-10000…P-10002 (SuperOffice allows duplicate numbers).
    static let catalogue: SandboxProjectCatalogue = {
        var projects: [SandboxProjectCatalogue.Project] = []
        for index in 0..<5000 {
            let id = 3001 + index
            let number = index >= 4997 ? "P-\(10000 + index - 4997)" : "P-\(10000 + index)"
            projects.append(.init(projectId: id, number: number, name: "Project \(index)", foreignKeys: [:], fields: [:]))
        }
        return SandboxProjectCatalogue(projects: projects)
    }()

    @Test(.sandbox(SandboxConfiguration(projects: catalogue)))
    func aThousandFilesByNumberLandOnTheirProjectsAndNothingIsGuessed() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let picture = FixtureImage.jpeg(width: 8, height: 8, seed: 5)
        for number in 10000..<10998 { try dir.write("P-\(number).jpg", picture) }
        try dir.write("P-99998.jpg", picture)
        try dir.write("P-99999.jpg", picture)

        var settings = FolderImportSettings()
        settings.match = .number
        var resolved: [String: ProjectSummary] = [:]
        var report = ImportReport()
        for try await event in try ingestor(sandbox).importFolder(dir.path, settings: settings, logger: logger) {
            switch event {
            case .resolved(let path, _, let project): resolved[path] = project
            case .finished(let final): report = final
            default: break
            }
        }
        #expect(report.done == 995)
        let byCode = Dictionary(grouping: report.failures, by: \.code)
        #expect(byCode[.ambiguousProject]?.compactMap(\.path).sorted() == ["P-10000.jpg", "P-10001.jpg", "P-10002.jpg"])
        #expect(byCode[.noSuchProject]?.compactMap(\.path).sorted() == ["P-99998.jpg", "P-99999.jpg"])
        #expect(report.failures.count == 5)
        let ambiguous = try #require(byCode[.ambiguousProject]?.first { $0.path == "P-10000.jpg" })
        #expect(ambiguous.message.contains("3001") && ambiguous.message.contains("7998") && ambiguous.stage == .resolve)

        // every picture on the project that has its number, and nothing else uploaded
        let uploads = await sandbox.records(.uploadImage)
        #expect(uploads.count == 995)
        #expect(Set(uploads.compactMap(\.projectId)).count == 995)
        for number in [10003, 10500, 10997] {
            let id = 3001 + number - 10000
            #expect(resolved["P-\(number).jpg"] == ProjectSummary(projectId: id, number: "P-\(number)", name: "Project \(number - 10000)"))
            #expect(await sandbox.server.storedImage(projectId: id) != nil)
        }
        for id in [3001, 3002, 3003, 7998, 7999, 8000] { #expect(await sandbox.server.storedImage(projectId: id) == nil) }
        let lookups = await Self.lookups(sandbox)
        #expect(lookups > 0 && lookups <= 60, "\(lookups) lookups")

        // a rerun finds every resolution in the journal: only the keys that failed are asked again
        let before = await Self.lookups(sandbox)
        let again = try await ingestor(sandbox).importFolder(dir.path, settings: settings, logger: logger).run()
        #expect(again.done == 0 && again.alreadyDone == 995 && again.failures.count == 5)
        let asked = await Self.lookups(sandbox) - before
        #expect(asked >= 1 && asked <= 2, "\(asked) lookups on the rerun")
    }

    /// A number that happens to be another project's id is not that project.
    @Test(.sandbox(SandboxConfiguration(projects: SandboxProjectCatalogue(projects: [
        .init(projectId: 10043, number: "P-1", name: "Id 10043", foreignKeys: [:], fields: [:]),
        .init(projectId: 20001, number: "10042", name: "Harbour crane", foreignKeys: [:], fields: [:]),
    ]))))
    func aNumberIsNeverTakenForAnId() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("10043.jpg", FixtureImage.jpeg(seed: 1))
        try dir.write("10042 Harbour crane.jpg", FixtureImage.jpeg(seed: 2))
        var settings = FolderImportSettings()
        settings.match = .number
        let report = try await ingestor(sandbox).importFolder(dir.path, settings: settings, logger: logger).run()
        #expect(report.done == 1)
        #expect(report.failures.map(\.path) == ["10043.jpg"] && report.failures.first?.code == .noSuchProject)
        #expect(await sandbox.server.storedImage(projectId: 20001) != nil)
        #expect(await sandbox.server.storedImage(projectId: 10043) == nil)
    }

    /// `put FILE --match number` reads FILE's name as an import reads a top-level file's: the whole name, then the part
    /// before the first space; so does the library's `project(forFile:by:logger:)`.
    @Test(.sandbox(SandboxConfiguration(projects: SandboxProjectCatalogue(projects: [
        .init(projectId: 20001, number: "10042", name: "Harbour crane", foreignKeys: [:], fields: [:]),
        .init(projectId: 20002, number: "AB 77", name: "Quay", foreignKeys: [:], fields: [:]),
    ]))))
    func putReadsAFileNameAsAnImportDoes() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let ingestor = try ingestor(sandbox)
        #expect(try await ingestor.project(forFile: "/x/10042 Harbour crane.jpg", by: .number, logger: logger).projectId == 20001)
        #expect(try await ingestor.project(forFile: "AB 77.png", by: .number, logger: logger).projectId == 20002)
        await #expect {
            _ = try await ingestor.project(forFile: "10042 Harbour crane.jpg", by: .name, logger: logger)
        } throws: { ($0 as? IngestError)?.code == .noSuchProject }
        // by id, the import's name rule: `20001-logo.png` names 20001; a date names none
        #expect(try await ingestor.project(forFile: "20001-logo.png", by: .id, logger: logger).projectId == 20001)
        await #expect {
            _ = try await ingestor.project(forFile: "2024-01-05 visit.jpg", by: .id, logger: logger)
        } throws: { ($0 as? IngestError)?.code == .noSuchProject && "\($0)".contains("names no project id") }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("10042 Harbour crane.jpg", FixtureImage.jpeg(seed: 4))
        let put = try await CLIRunner(extra: sandbox.environment).run(["put", dir.path + "/10042 Harbour crane.jpg", "--match", "number", "--json"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(put.events("done").first?["projectId"] as? Int == 20001)
        #expect(await sandbox.server.storedImage(projectId: 20001) != nil)
    }

    /// With ids, the plan still names each project as people know it, and an id the tenant lacks fails up front.
    @Test(.sandbox(SandboxConfiguration(projects: SandboxProjectCatalogue(projects: [
        .init(projectId: 654, number: "P-654", name: "Quay", foreignKeys: [:], fields: [:]),
    ]))))
    func idsAreLookedUpTooAndAMissingOneIsNoSuchProject() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("654.jpg", FixtureImage.jpeg(seed: 1))
        try dir.write("655.jpg", FixtureImage.jpeg(seed: 2))
        var resolved: [String: ProjectSummary] = [:]
        var report = ImportReport()
        for try await event in try ingestor(sandbox).importFolder(dir.path, logger: logger) {
            if case .resolved(let path, _, let project) = event { resolved[path] = project }
            if case .finished(let final) = event { report = final }
        }
        #expect(resolved == ["654.jpg": ProjectSummary(projectId: 654, number: "P-654", name: "Quay")])
        #expect(report.done == 1)
        #expect(report.failures.count == 1 && report.failures.first?.code == .noSuchProject && report.failures.first?.stage == .resolve)
        #expect(await sandbox.records(.uploadImage).count == 1)
    }

    static let names = SandboxProjectCatalogue(projects: [
        .init(projectId: 41, number: "", name: "O'Brien & Sons", foreignKeys: ["ERP/main/code": "E-41"], fields: [:]),
        .init(projectId: 42, number: "", name: "\u{00C5}lesund kai", foreignKeys: ["ERP/main/code": "E-42"], fields: [:]),
        .init(projectId: 43, number: "", name: "Harbour Crane Upgrade", foreignKeys: [:], fields: [:]),
        .init(projectId: 44, number: "", name: "Summer party", foreignKeys: [:], fields: [:]),
        .init(projectId: 45, number: "", name: "summer party", foreignKeys: [:], fields: [:]),
    ])

    /// Names with an apostrophe, `&`, letters outside ASCII (written decomposed) and another case find their
    /// project; a name two projects have is ambiguous, listing both.
    @Test(.sandbox(SandboxConfiguration(projects: names)))
    func namesMatchAsPeopleWriteThem() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let ingestor = try ingestor(sandbox)
        #expect(try await ingestor.project(key: "O'Brien & Sons", by: .name, logger: logger).projectId == 41)
        #expect(try await ingestor.project(key: "A\u{030A}lesund kai", by: .name, logger: logger).projectId == 42)
        #expect(try await ingestor.project(key: "  harbour crane upgrade ", by: .name, logger: logger).projectId == 43)
        await #expect {
            _ = try await ingestor.project(key: "Summer Party", by: .name, logger: logger)
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .ambiguousProject && error.message.contains("44") && error.message.contains("45")
        }
        await #expect {
            _ = try await ingestor.project(key: "Harbour", by: .name, logger: logger)
        } throws: { ($0 as? IngestError)?.code == .noSuchProject }
        let erp = ProjectMatch.foreignKey(application: "ERP", device: "main", key: "code")
        #expect(try await ingestor.project(key: "E-42", by: erp, logger: logger)
            == ProjectSummary(projectId: 42, number: "", name: "\u{00C5}lesund kai"))
    }

    /// The same files by name through the CLI's dry run: each planned line names the project's id, number and name.
    @Test(.sandbox(SandboxConfiguration(projects: names)))
    func aDryRunShowsEachFilesProject() async throws {
        let sandbox = try #require(SandboxHarness.current)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("O'Brien & Sons.jpg", FixtureImage.jpeg(seed: 1))
        try dir.write("HARBOUR CRANE UPGRADE.png", FixtureImage.png(width: 8, height: 8, seed: 2))
        try dir.write("Summer party.jpg", FixtureImage.jpeg(seed: 3))
        let json = try await CLIRunner(extra: sandbox.environment).run(["import", dir.path, "--match", "name", "--dry-run", "--json"])
        #expect(json.status == 1, "\(json.stderr)")
        let resolved = json.events("resolved")
        #expect(Set(resolved.compactMap { $0["projectId"] as? Int }) == [41, 43])
        #expect(resolved.contains { $0["name"] as? String == "O'Brien & Sons" && $0["path"] as? String == "O'Brien & Sons.jpg" })
        #expect(json.events("failed").first?["code"] as? String == "ambiguousProject")
        #expect(json.events("done").isEmpty || json.events("done").allSatisfy { $0["uploaded"] as? Bool == false })
        #expect(await sandbox.records(.uploadImage).isEmpty)
    }
}
