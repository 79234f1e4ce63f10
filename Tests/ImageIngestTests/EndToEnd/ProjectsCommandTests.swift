import Foundation
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `image-ingest projects`, run as a process against an in-process sandbox with a project catalogue.
    @Suite struct ProjectsCommandTests {
        static let column = "projectUdef/SuperOffice:1"
        static let erpKey = "ERP/main/ProjectNo"
        static let crmKey = "CRM/web/Code"

        /// 1,203 projects (so the listing takes two pages), the first few with awkward names.
        static var configuration: SandboxConfiguration {
            var projects = (1...1203).map { SandboxProjectCatalogue.Project(projectId: $0, number: "\(10000 + $0)", name: "Project \($0)") }
            projects[0].name = "O'Brien, \"The\" Yard"
            projects[1].name = "Ålesund kai"
            projects[1].fields = [column: "north"]
            projects[2].number = "T-3"
            projects[0].foreignKeys = [erpKey: "P-1"]
            projects[1].foreignKeys = [crmKey: "a, \"b\""]
            projects[1001].foreignKeys = [erpKey: "P-1002", crmKey: "c"]
            var configuration = SandboxConfiguration()
            configuration.projects = SandboxProjectCatalogue(projects: projects)
            return configuration
        }

        @Test(.sandbox(configuration)) func listsATable() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run(["projects"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(lines.count == 1204)
            #expect(lines[0] == "projectId  number  name")
            #expect(lines[1] == "        1  10001   O'Brien, \"The\" Yard")
            #expect(lines[2] == "        2  10002   Ålesund kai")
            #expect(lines[3] == "        3  T-3     Project 3")
            #expect(lines.last == "     1203  11203   Project 1203")
            #expect(result.stderr.contains("1203 projects"))
            let list = await sandbox.server.requestLog().filter { $0.path == "/api/v1/Project" }
            #expect(list.count == 2)
            #expect(list.allSatisfy { $0.query?.contains("$orderBy=projectId&$top=1000") == true })
            #expect(await sandbox.records(.getProjectForeignKeys).isEmpty, "no key requests without --key")
            for secret in sandbox.secrets { #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret)) }
        }

        @Test(.sandbox(configuration)) func listsJSONLines() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run(["projects", "--json", "--field", Self.column, "--top", "1100"])
            #expect(result.status == 0, "\(result.stderr)")
            let objects = result.jsonLines
            #expect(objects.count == 1100)
            #expect(objects[0]["projectId"] as? Int == 1)
            #expect(objects[0]["name"] as? String == "O'Brien, \"The\" Yard")
            #expect(objects[1]["number"] as? String == "10002")
            #expect((objects[1]["fields"] as? [String: String]) == [Self.column: "north"])
            #expect(objects.last?["projectId"] as? Int == 1100)
            let list = await sandbox.server.requestLog().filter { $0.path == "/api/v1/Project" }
            #expect(list.count == 2)
            #expect(list.last?.query?.contains("$top=100&$skip=1000") == true)
        }

        @Test(.sandbox(configuration)) func listsCSVThatStartsAManifest() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run(["projects", "--csv", "--field", Self.column, "--top", "3"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == """
                projectId,number,name,\(Self.column)
                1,10001,"O'Brien, ""The"" Yard",
                2,10002,Ålesund kai,north
                3,T-3,Project 3,

                """)
        }

        @Test(.sandbox(configuration)) func listsKeysAsTableColumns() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run(["projects", "--key", Self.erpKey, "--key", Self.crmKey, "--top", "3"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == [
                "projectId  number  name                 ERP/main/ProjectNo  CRM/web/Code",
                "        1  10001   O'Brien, \"The\" Yard  P-1                 ",
                "        2  10002   Ålesund kai                              a, \"b\"",
                "        3  T-3     Project 3                                ",
                "",
            ])
            let keyRequests = await sandbox.records(.getProjectForeignKeys)
            #expect(Set(keyRequests.map(\.path)) == Set((1...3).map { "/api/v1/Project/\($0)/ForeignKey" }))
            #expect(keyRequests.count == 3, "one request a project, whatever the number of keys")
        }

        @Test(.sandbox(configuration)) func listsKeysInJSONOverPages() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run([
                "projects", "--json", "--key", Self.erpKey, "--key", "crm/WEB/code", "--top", "1002", "--requests-per-second", "0",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let objects = result.jsonLines
            #expect(objects.map { $0["projectId"] as? Int } == (1...1002).map { $0 })
            #expect((objects[0]["keys"] as? [String: String]) == [Self.erpKey: "P-1", "crm/WEB/code": ""])
            #expect((objects[1]["keys"] as? [String: String]) == [Self.erpKey: "", "crm/WEB/code": "a, \"b\""])
            #expect((objects[2]["keys"] as? [String: String]) == [Self.erpKey: "", "crm/WEB/code": ""])
            #expect((objects[1001]["keys"] as? [String: String]) == [Self.erpKey: "P-1002", "crm/WEB/code": "c"])
            #expect(objects[0]["fields"] == nil)
            #expect(await sandbox.records(.getProjectForeignKeys).count == 1002)
        }

        @Test(.sandbox(configuration)) func listsKeysAsCatalogueColumnsInCSV() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run([
                "projects", "--csv", "--field", Self.column, "--key", Self.erpKey, "--key", Self.crmKey, "--top", "3",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == """
                projectId,number,name,\(Self.column),foreignKey:\(Self.erpKey),foreignKey:\(Self.crmKey)
                1,10001,"O'Brien, ""The"" Yard",,P-1,
                2,10002,Ålesund kai,north,,"a, ""b""\"
                3,T-3,Project 3,,,

                """)
            // the header is the sandbox catalogue's: the output seeds one
            let catalogue = try SandboxProjectCatalogue(csv: result.stdout, source: "projects --csv")
            #expect(catalogue.project(id: 1)?.foreignKeys == [Self.erpKey: "P-1"])
            #expect(catalogue.project(id: 2)?.foreignKeys == [Self.crmKey: "a, \"b\""])
        }

        @Test func refusesAKeyThatIsNotThreeNames() async throws {
            let result = try await CLIRunner().run(["projects", "--key", "ERP/main"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--key ERP/main"))
        }

        @Test(.sandbox(configuration)) func filtersByNumberOrName() async throws {
            let sandbox = try #require(SandboxHarness.current)
            let result = try await CLIRunner(extra: sandbox.environment).run(["projects", "--csv", "--filter", "t-"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "projectId,number,name\n3,T-3,Project 3\n")
            let brien = try await CLIRunner(extra: sandbox.environment).run(["projects", "--json", "--filter", "o'brien"])
            #expect(brien.status == 0, "\(brien.stderr)")
            #expect(brien.jsonLines.map { $0["projectId"] as? Int } == [1])
            let query = try #require(await sandbox.server.requestLog().filter { $0.path == "/api/v1/Project" }.last?.query)
            #expect(query.contains("$filter=number%20begins%20%27o%27%27brien%27%20or%20name%20contains%20%27o%27%27brien%27"))
        }

        @Test func listsTheInProcessSandboxsProjectsWithNoServer() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let csv = try dir.write("projects.csv", text: "projectId,number,name\n25,10033,Ålesund kai\n26,10034,\"O'Brien, Dublin\"\n")
            let result = try await CLIRunner().run(["projects", "--sandbox-projects", csv])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "projectId  number  name\n       25  10033   Ålesund kai\n       26  10034   O'Brien, Dublin\n")
            #expect(result.stderr.contains("in-process sandbox"))
        }

        @Test func refusesJSONAndCSVTogether() async throws {
            let result = try await CLIRunner().run(["projects", "--json", "--csv"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--json and --csv"))
        }
    }
}
