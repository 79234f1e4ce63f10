import Foundation
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

extension EndToEndTests {
    /// `image-ingest projects`, run as a process against an in-process sandbox with a project catalogue.
    @Suite struct ProjectsCommandTests {
        static let column = "projectUdef/SuperOffice:1"

        /// 1,203 projects (so the listing takes two pages), the first few with awkward names.
        static var configuration: SandboxConfiguration {
            var projects = (1...1203).map { SandboxProjectCatalogue.Project(projectId: $0, number: "\(10000 + $0)", name: "Project \($0)") }
            projects[0].name = "O'Brien, \"The\" Yard"
            projects[1].name = "Ålesund kai"
            projects[1].fields = [column: "north"]
            projects[2].number = "T-3"
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
