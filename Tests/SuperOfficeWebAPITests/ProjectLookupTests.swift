import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// Finding projects by number, name, id or key: the parts that need no server.
@Suite struct ProjectLookupTests {
    // MARK: ODataLiteral

    @Test func stringLiteralsDoubleTheirQuotes() {
        #expect(ODataLiteral.string("O'Brien") == "'O''Brien'")
        #expect(ODataLiteral.string("") == "''")
        #expect(ODataLiteral.string("''") == "''''''")
        #expect(ODataLiteral.string("A & B") == "'A & B'")
        #expect(ODataLiteral.stringList(["A", "B'C"]) == "('A','B''C')")
    }

    // MARK: ProjectMatch parsing

    @Test func matchesParseFromTheirTextForms() throws {
        #expect(try ProjectMatch(parsing: "id") == .id)
        #expect(try ProjectMatch(parsing: "number") == .number)
        #expect(try ProjectMatch(parsing: " Name ") == .name)
        #expect(try ProjectMatch(parsing: "foreign-key:ERP/main/code") == .foreignKey(application: "ERP", device: "main", key: "code"))
        #expect(try ProjectMatch(parsing: "foreign-key=ERP/main/code") == .foreignKey(application: "ERP", device: "main", key: "code"))
        #expect(try ProjectMatch(parsing: "field:projectUdef/SuperOffice:1") == .field("projectUdef/SuperOffice:1"))
        #expect(try ProjectMatch(parsing: "field=projectUdef/SuperOffice:1") == .field("projectUdef/SuperOffice:1"))
    }

    @Test func theTextFormRoundTrips() throws {
        let matches: [ProjectMatch] = [
            .id, .number, .name, .foreignKey(application: "ERP", device: "main", key: "code"), .field("projectUdef/SuperOffice:1"),
        ]
        for match in matches {
            #expect(try ProjectMatch(parsing: match.description) == match)
        }
        #expect(ProjectMatch.foreignKey(application: "ERP", device: "main", key: "code").description == "foreign-key:ERP/main/code")
        #expect(ProjectMatch.number.description == "number")
    }

    @Test(arguments: ["", "numbers", "id:3", "foreign-key:ERP/main", "foreign-key:ERP//code", "foreign-key", "field:", "field:a b", "field:x'y"])
    func unreadableMatchesAreRefusedWithTheAcceptedForms(_ text: String) {
        #expect {
            try ProjectMatch(parsing: text)
        } throws: { error in
            guard let error = error as? WebAPIError else { return false }
            return error.code == .invalidArgument && error.message.contains("id, number, name, foreign-key:APP/DEVICE/KEY, field:COLUMN")
        }
    }

    // MARK: Normalising and matching

    @Test func keysAreTrimmedAndComposed() {
        let decomposed = "A\u{030A}lesund"    // A + combining ring above
        let composed = "\u{00C5}lesund"
        #expect(ProjectMatch.normalizedKey("  \(decomposed)\t\n") == composed)
        #expect(Array(ProjectMatch.normalizedKey(decomposed).utf8) == Array(composed.utf8))
        #expect(ProjectMatch.normalizedKey("  10042 ") == "10042")
        #expect(ProjectMatch.normalizedKey(" \n ") == "")
    }

    @Test func namesMatchCaseInsensitivelyAndAcrossNormalForms() {
        let project = ProjectSummary(projectId: 7, number: "T-100", name: "\u{00C5}lesund kai")
        #expect(ProjectMatch.name.matches(project, key: "A\u{030A}lesund kai"))
        #expect(ProjectMatch.name.matches(project, key: "  ålesund KAI "))
        #expect(!ProjectMatch.name.matches(project, key: "Alesund kai"))
        #expect(!ProjectMatch.name.matches(project, key: "Ålesund"))
        #expect(!ProjectMatch.name.matches(ProjectSummary(projectId: 8), key: ""))
    }

    @Test func numbersMatchExactlyAfterNormalising() {
        let project = ProjectSummary(projectId: 7, number: "abc-1", name: "x")
        #expect(ProjectMatch.number.matches(project, key: " abc-1 "))
        #expect(!ProjectMatch.number.matches(project, key: "ABC-1"))
        #expect(!ProjectMatch.number.matches(project, key: "abc-"))
        let nfd = ProjectSummary(projectId: 9, number: "A\u{030A}-1")
        #expect(ProjectMatch.number.matches(nfd, key: "\u{00C5}-1"))
        #expect(!ProjectMatch.number.matches(ProjectSummary(projectId: 10), key: ""))
    }

    @Test func idsMatchAsIntegers() {
        let project = ProjectSummary(projectId: 42)
        #expect(ProjectMatch.id.matches(project, key: "42"))
        #expect(ProjectMatch.id.matches(project, key: " 042 "))
        #expect(!ProjectMatch.id.matches(project, key: "+42"))
        #expect(!ProjectMatch.id.matches(project, key: "42.0"))
        #expect(!ProjectMatch.id.matches(project, key: "forty-two"))
    }

    @Test func fieldsMatchCaseInsensitively() {
        let project = ProjectSummary(projectId: 3, fields: ["projectUdef/SuperOffice:1": "Site-Ø"])
        #expect(ProjectMatch.field("projectUdef/SuperOffice:1").matches(project, key: "site-ø"))
        #expect(ProjectMatch.field("projectudef/superoffice:1").matches(project, key: "SITE-Ø"))
        #expect(!ProjectMatch.field("projectUdef/SuperOffice:2").matches(project, key: "Site-Ø"))
        #expect(!ProjectMatch.field("projectUdef/SuperOffice:1").matches(project, key: "Site"))
    }

    // MARK: Pages

    @Test func slimPagesDecode() throws {
        let json = """
            {"odata.metadata": "https://example/api/v1/archive$metadata",
             "odata.nextLink": "https://example/api/v1/Project?$skip=2",
             "value": [
               {"PrimaryKey": "25", "EntityName": "project", "projectId": "25", "number": "10033", "name": "Kai 3"},
               {"PrimaryKey": 26, "EntityName": "project", "projectId": 26, "number": 10034, "name": "O'Brien & Co",
                "projectUdef/SuperOffice:1": "X"},
               {"PrimaryKey": "27", "EntityName": "project", "number": "", "name": null}
             ]}
            """
        let page = try ProjectListPage(decoding: Array(json.utf8), columns: ["projectId", "number", "name", "projectUdef/SuperOffice:1"])
        #expect(page.nextLink == "https://example/api/v1/Project?$skip=2")
        #expect(page.projects == [
            ProjectSummary(projectId: 25, number: "10033", name: "Kai 3"),
            ProjectSummary(projectId: 26, number: "10034", name: "O'Brien & Co", fields: ["projectUdef/SuperOffice:1": "X"]),
            ProjectSummary(projectId: 27, number: "", name: ""),
        ])
    }

    @Test func fullPagesDecode() throws {
        let json = """
            {"odata.metadata": "m", "value": [
               {"PrimaryKey": 25, "EntityName": "project",
                "projectId": {"RawValue": 25, "DisplayValue": "25"},
                "number": {"RawValue": "10033", "DisplayValue": "10033"},
                "name": {"RawValue": "Ålesund kai", "DisplayValue": "Ålesund kai"},
                "projectudef/superoffice:1": {"RawValue": 7, "DisplayValue": "7,00"}},
               {"PrimaryKey": 31, "EntityName": "project",
                "number": {"RawValue": 10040, "DisplayValue": "10 040"},
                "name": {"RawValue": null, "DisplayValue": "Shown"}}
             ]}
            """
        let page = try ProjectListPage(decoding: Array(json.utf8), columns: ["projectId", "number", "name", "projectUdef/SuperOffice:1"])
        #expect(page.nextLink == nil)
        #expect(page.projects == [
            ProjectSummary(projectId: 25, number: "10033", name: "Ålesund kai", fields: ["projectUdef/SuperOffice:1": "7"]),
            ProjectSummary(projectId: 31, number: "10040", name: "Shown"),
        ])
    }

    @Test func anEmptyPageDecodes() throws {
        let page = try ProjectListPage(decoding: Array(#"{"odata.metadata": "m", "value": []}"#.utf8))
        #expect(page.projects.isEmpty && page.nextLink == nil)
    }

    @Test(arguments: [
        #"{"value": [{"EntityName": "project", "number": "1"}]}"#,
        #"{"value": [{"PrimaryKey": "x", "number": "1"}]}"#,
        #"{"value": [{"PrimaryKey": 0}]}"#,
        #"{"value": 3}"#,
        "not json",
    ])
    func unusableAnswersAreInvalidResponses(_ json: String) {
        #expect {
            try ProjectListPage(decoding: Array(json.utf8))
        } throws: { error in
            (error as? WebAPIError)?.code == .invalidResponse
        }
    }

    // MARK: Queries

    @Test func theDefaultQueryPagesByTheKey() {
        let query = ProjectListQuery()
        #expect(query.select == ["projectId", "number", "name"])
        #expect(query.orderBy == "projectId" && query.top == 1000 && query.skip == 0 && !query.fullMode)
        #expect(query.queryString == "$select=projectId,number,name&$orderBy=projectId&$top=1000&$skip=0")
    }

    @Test func queryValuesArePercentEncoded() {
        let filter = "name in (" + ["O'Brien & Co", "Ålesund kai", "a+b=c#d"].map(ODataLiteral.string).joined(separator: ",") + ")"
        let query = ProjectListQuery(
            filter: filter, select: ["projectId", "number", "name", "projectUdef/SuperOffice:1"], top: 500, skip: 1000, fullMode: true)
        #expect(query.queryString == "$select=projectId,number,name,projectUdef/SuperOffice:1"
            + "&$filter=name%20in%20%28%27O%27%27Brien%20%26%20Co%27,%27%C3%85lesund%20kai%27,%27a%2Bb%3Dc%23d%27%29"
            + "&$orderBy=projectId&$top=500&$skip=1000&$mode=Full")
    }
}

/// Finding projects in the sandbox's project catalogue, over loopback HTTP.
@Suite struct ProjectLookupSandboxTests {
    /// Runs `body` against a sandbox with these projects.
    func withCatalogue(
        _ projects: [SandboxProjectCatalogue.Project], _ body: (SandboxServer, SuperOfficeClient) async throws -> Void
    ) async throws {
        var configuration = SandboxConfiguration()
        configuration.projects = SandboxProjectCatalogue(projects: projects)
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            try await body(sandbox, try makeClient(sandbox))
        }
    }

    /// The project list requests the sandbox saw.
    func listRequests(_ sandbox: SandboxServer) async -> [SandboxRequestRecord] {
        await sandbox.requestLog().filter { $0.method == "GET" && $0.path == "/api/v1/Project" }
    }

    @Test func aThousandNumbersResolveInAFewRequests() async throws {
        // 5,000 projects numbered 10001…15000, but 4001…4003 repeat the numbers of 1…3, and 4998/4999 differ
        // from each other only in case
        var projects = (1...5000).map { SandboxProjectCatalogue.Project(projectId: $0, number: "\(10000 + $0)", name: "Project \($0)") }
        for id in 4001...4003 { projects[id - 1].number = "\(10000 + id - 4000)" }
        projects[4997].number = "T-abc"
        projects[4998].number = "T-ABC"
        try await withCatalogue(projects) { sandbox, client in
            var keys = (1...997).map { "\(10000 + $0)" }
            keys += ["T-abc", "99999", " 88888 "]
            #expect(keys.count == 1000)
            let resolved = try await client.resolveProjects(keys, by: .number, logger: quietLogger)
            #expect(resolved.count == 1000)
            for id in 1...3 {
                #expect(resolved["\(10000 + id)"] == .ambiguous([
                    ProjectSummary(projectId: id, number: "\(10000 + id)", name: "Project \(id)"),
                    ProjectSummary(projectId: id + 4000, number: "\(10000 + id)", name: "Project \(id + 4000)"),
                ]))
            }
            for id in 4...997 {
                #expect(resolved["\(10000 + id)"] == .found(ProjectSummary(projectId: id, number: "\(10000 + id)", name: "Project \(id)")))
            }
            #expect(resolved["T-abc"] == .found(ProjectSummary(projectId: 4998, number: "T-abc", name: "Project 4998")))
            #expect(resolved["99999"] == .noSuchProject)
            #expect(resolved[" 88888 "] == .noSuchProject)
            let requests = await listRequests(sandbox)
            #expect(requests.count <= 15, "\(requests.count) list requests")
            #expect(requests.count == 10)
            #expect(requests.allSatisfy { $0.query?.contains("$filter=number%20in%20%28%27") == true })
            #expect(requests.first?.query?.contains("$filter=number%20in%20%28%2710001%27,%2710002%27,") == true)
            print("1,000 number keys: \(requests.count) list requests")
        }
    }

    @Test func namesWithQuotesAmpersandsAndAccentsResolveWhateverTheirCaseOrForm() async throws {
        let projects = [
            SandboxProjectCatalogue.Project(projectId: 10, number: "N-10", name: "O'Brien & Sons"),
            SandboxProjectCatalogue.Project(projectId: 11, number: "N-11", name: "\u{00C5}lesund kai"),
            SandboxProjectCatalogue.Project(projectId: 12, number: "N-12", name: "Tromsø havn"),
            SandboxProjectCatalogue.Project(projectId: 13, number: "N-13", name: "TROMSØ HAVN"),
            SandboxProjectCatalogue.Project(projectId: 14, number: "N-14", name: "Ålesund"),
        ]
        try await withCatalogue(projects) { sandbox, client in
            let keys = ["o'brien & sons", "A\u{030A}lesund kai", " Tromsø Havn\t", "Nobody's", "", "   "]
            let resolved = try await client.resolveProjects(keys, by: .name, logger: quietLogger)
            #expect(resolved["o'brien & sons"] == .found(ProjectSummary(projectId: 10, number: "N-10", name: "O'Brien & Sons")))
            #expect(resolved["A\u{030A}lesund kai"]?.project?.projectId == 11)
            #expect(resolved[" Tromsø Havn\t"] == .ambiguous([
                ProjectSummary(projectId: 12, number: "N-12", name: "Tromsø havn"),
                ProjectSummary(projectId: 13, number: "N-13", name: "TROMSØ HAVN"),
            ]))
            #expect(resolved["Nobody's"] == .noSuchProject)
            #expect(resolved[""] == .noSuchProject)
            #expect(resolved["   "] == .noSuchProject)
            let requests = await listRequests(sandbox)
            #expect(requests.count == 1)
            // the text sent is NFC, percent-encoded UTF-8
            #expect(requests.first?.query?.contains("%27%C3%85lesund%20kai%27") == true)
            #expect(requests.first?.query?.contains("%27o%27%27brien%20%26%20sons%27") == true)
        }
    }

    @Test func aKeyManyProjectsShareIsPagedThroughAndAmbiguous() async throws {
        let projects = (1...1500).map { SandboxProjectCatalogue.Project(projectId: $0, number: "\($0)", name: $0 <= 1200 ? "Same" : "Other \($0)") }
        try await withCatalogue(projects) { sandbox, client in
            let resolved = try await client.resolveProjects(["same", "Other 1300"], by: .name, logger: quietLogger)
            guard case .ambiguous(let all)? = resolved["same"] else {
                Issue.record("expected ambiguous, got \(String(describing: resolved["same"]))")
                return
            }
            #expect(all.map(\.projectId) == Array(1...1200))
            #expect(resolved["Other 1300"]?.project?.projectId == 1300)
            let requests = await listRequests(sandbox)
            #expect(requests.count == 2)
            #expect(requests.last?.query?.contains("$skip=1000") == true)
        }
    }

    @Test func idsResolveThroughTheListAndOnlyDecimalIdsCount() async throws {
        let projects = (1...30).map { SandboxProjectCatalogue.Project(projectId: $0, number: "P\($0)", name: "Project \($0)") }
        try await withCatalogue(projects) { sandbox, client in
            let resolved = try await client.resolveProjects(["7", " 8 ", "31", "abc", "-1", "2147483648", "7"], by: .id, logger: quietLogger)
            #expect(resolved["7"] == .found(ProjectSummary(projectId: 7, number: "P7", name: "Project 7")))
            #expect(resolved[" 8 "]?.project?.projectId == 8)
            for key in ["31", "abc", "-1", "2147483648"] { #expect(resolved[key] == .noSuchProject, "\(key)") }
            let requests = await listRequests(sandbox)
            #expect(requests.count == 1)
            #expect(requests.first?.query?.contains("$filter=projectId%20eq%207%20or%20projectId%20eq%208") == true)
        }
    }

    @Test func customFieldsResolveAndAreFilledIn() async throws {
        let column = "projectUdef/SuperOffice:1"
        let projects = [
            SandboxProjectCatalogue.Project(projectId: 1, number: "1", name: "A", fields: [column: "North"]),
            SandboxProjectCatalogue.Project(projectId: 2, number: "2", name: "B", fields: [column: "south"]),
            SandboxProjectCatalogue.Project(projectId: 3, number: "3", name: "C", fields: [column: "SOUTH"]),
        ]
        try await withCatalogue(projects) { sandbox, client in
            let resolved = try await client.resolveProjects(["north", "South", "East"], by: .field(column), logger: quietLogger)
            #expect(resolved["north"] == .found(ProjectSummary(projectId: 1, number: "1", name: "A", fields: [column: "North"])))
            #expect(resolved["South"].map { if case .ambiguous(let all) = $0 { all.map(\.projectId) } else { [] } } == [2, 3])
            #expect(resolved["East"] == .noSuchProject)
            let query = try #require(await listRequests(sandbox).first?.query)
            #expect(query.contains("$select=projectId,number,name,projectUdef/SuperOffice:1"))
            #expect(query.contains("$filter=projectUdef/SuperOffice:1%20in%20"))
        }
    }

    @Test func foreignKeysResolveOneLookupAKeyThenOneList() async throws {
        let key = "ERP/main/code"
        let projects = (1...20).map {
            SandboxProjectCatalogue.Project(projectId: $0, number: "\(100 + $0)", name: "Project \($0)", foreignKeys: $0 <= 10 ? [key: "E-\($0)"] : [:])
        }
        try await withCatalogue(projects) { sandbox, client in
            #expect(try await client.projectId(foreignKey: "ERP", device: "main", key: "code", value: "E-3", logger: quietLogger) == 3)
            #expect(try await client.projectId(foreignKey: "ERP", device: "main", key: "code", value: "E-99", logger: quietLogger) == nil)
            await sandbox.clearRequestLog()

            let match = try ProjectMatch(parsing: "foreign-key:ERP/main/code")
            let keys = (1...12).map { "E-\($0)" } + [" E-1 ", ""]
            let resolved = try await client.resolveProjects(keys, by: match, logger: quietLogger)
            for id in 1...10 {
                #expect(resolved["E-\(id)"] == .found(ProjectSummary(projectId: id, number: "\(100 + id)", name: "Project \(id)")))
            }
            #expect(resolved["E-11"] == .noSuchProject && resolved["E-12"] == .noSuchProject)
            #expect(resolved[" E-1 "]?.project?.projectId == 1)
            #expect(resolved[""] == .noSuchProject)
            let log = await sandbox.requestLog()
            let lookups = log.filter { $0.path.hasPrefix("/api/v1/ForeignApp/ERP/main/Key/code/project") }
            #expect(lookups.count == 12)
            #expect(lookups.allSatisfy { $0.query?.hasPrefix("keyValue=E-") == true })
            #expect(log.filter { $0.path == "/api/v1/Project" }.count == 1)
        }
    }

    @Test func everyProjectPagesByTheKey() async throws {
        let projects = (1...2500).map { SandboxProjectCatalogue.Project(projectId: $0, number: "\($0)", name: "Project \($0)") }
        try await withCatalogue(projects) { sandbox, client in
            var pages = [Int]()
            var ids = [Int]()
            try await client.forEachProjectPage(ProjectListQuery(), logger: quietLogger) { page in
                pages.append(page.projects.count)
                ids += page.projects.map(\.projectId)
            }
            #expect(pages == [1000, 1000, 500])
            #expect(ids == Array(1...2500))
            let full = try await client.listProjects(ProjectListQuery(top: 2, fullMode: true), logger: quietLogger)
            #expect(full.projects == [
                ProjectSummary(projectId: 1, number: "1", name: "Project 1"), ProjectSummary(projectId: 2, number: "2", name: "Project 2"),
            ])
            #expect(full.nextLink != nil)
        }
    }
}
