import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// The sandbox's projects (`SandboxConfiguration.projects`): the FindProject OData list `GET api/v1/Project`
/// and the foreign-key lookup, over real loopback HTTP.
@Suite struct SandboxProjectListTests {
    typealias Project = SandboxProjectCatalogue.Project

    /// A catalogue with the awkward cases: a repeated number, names that differ only in case or in Unicode
    /// form, a quote, a custom field and outside keys (two projects share one key value).
    static func catalogue() -> SandboxProjectCatalogue {
        SandboxProjectCatalogue(projects: [
            Project(projectId: 1, number: "10001", name: "Ålesund kai", foreignKeys: ["ERP/main/ProjectNo": "P-1"],
                    fields: ["projectUdef/SuperOffice:1": "north"]),
            Project(projectId: 2, number: "10002", name: "O'Brien", foreignKeys: ["ERP/main/ProjectNo": "P-2"],
                    fields: ["projectUdef/SuperOffice:1": "south"]),
            Project(projectId: 3, number: "10001", name: "Bergen", foreignKeys: ["ERP/main/ProjectNo": "P-shared"]),
            Project(projectId: 4, number: "20004", name: "ÅLESUND KAI", foreignKeys: ["ERP/main/ProjectNo": "P-shared"]),
            Project(projectId: 5, number: "", name: "A\u{30A}lesund kai"),
            Project(projectId: 25, number: "10033", name: "Kai 25", fields: ["projectUdef/SuperOffice:1": "north"]),
        ])
    }

    static func configuration(_ catalogue: SandboxProjectCatalogue) -> SandboxConfiguration {
        SandboxConfiguration(projects: catalogue)
    }

    /// A query string value, percent-encoded (spaces, quotes, commas, `&`, `+`, `=` and all).
    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// `api/v1/Project?` with these options, encoded.
    static func listPath(_ options: KeyValuePairs<String, String>) -> String {
        "api/v1/Project?" + options.map { "\($0.key)=\(encoded($0.value))" }.joined(separator: "&")
    }

    /// A GET of an absolute URL with the sandbox's credentials.
    static func get(_ sandbox: SandboxServer, url: String) async throws -> SandboxContractTests.Answer {
        var request = HTTPClientRequest(url: url)
        for field in sandbox.credentials.headerFields { request.headers.add(name: field.name, value: field.value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        var buffer = try await response.body.collect(upTo: 16 << 20)
        return .init(status: Int(response.status.code), headers: response.headers, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// The answer's JSON object.
    static func object(_ answer: SandboxContractTests.Answer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any], "\(answer.text)")
    }

    static func rows(_ answer: SandboxContractTests.Answer) throws -> [[String: Any]] {
        try #require(try object(answer)["value"] as? [[String: Any]], "\(answer.text)")
    }

    /// The project ids of a Slim page.
    static func ids(_ answer: SandboxContractTests.Answer) throws -> [Int] {
        try rows(answer).map { row in
            let key = try #require(row["PrimaryKey"] as? String)
            return try #require(Int(key))
        }
    }

    // MARK: Shapes

    @Test func slimRowsArePlainStringsAsTheDocumentedExample() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(
                sandbox, .GET, Self.listPath(["$select": "projectId,number,name", "$filter": "projectId eq 25"]))
            #expect(answer.status == 200)
            #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            let object = try Self.object(answer)
            #expect(object["odata.metadata"] as? String == sandbox.baseURL + "api/v1/$metadata#Project")
            #expect(object["odata.nextLink"] == nil)
            let rows = try Self.rows(answer)
            try #require(rows.count == 1)
            #expect(rows[0]["PrimaryKey"] as? String == "25")
            #expect(rows[0]["EntityName"] as? String == "project")
            #expect(rows[0]["projectId"] as? String == "25")
            #expect(rows[0]["number"] as? String == "10033")
            #expect(rows[0]["name"] as? String == "Kai 25")
            #expect(Set(rows[0].keys) == ["PrimaryKey", "EntityName", "projectId", "number", "name"])
            // the members in order: PrimaryKey, EntityName, then the columns as selected
            #expect(answer.text.contains(#"{"PrimaryKey":"25","EntityName":"project","projectId":"25","number":"10033","name":"Kai 25"}"#))
        }
    }

    @Test func fullRowsHoldAnIntegerKeyAndDisplayAndRawValues() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath([
                "$select": "number,projectUdef/SuperOffice:1", "$filter": "projectId eq 25", "$mode": "Full",
            ]))
            #expect(answer.status == 200)
            let rows = try Self.rows(answer)
            try #require(rows.count == 1)
            #expect(rows[0]["PrimaryKey"] as? Int == 25)
            #expect(rows[0]["EntityName"] as? String == "project")
            let number = try #require(rows[0]["number"] as? [String: Any])
            #expect(number["DisplayValue"] as? String == "10033" && number["RawValue"] as? String == "10033")
            let field = try #require(rows[0]["projectUdef/SuperOffice:1"] as? [String: Any])
            #expect(field["DisplayValue"] as? String == "north" && field["RawValue"] as? String == "north")
            #expect(rows[0]["name"] == nil, "only the selected columns")
        }
    }

    @Test func theDefaultSelectionIsIdNumberAndNameAndPathsMatchInAnyCase() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "API/V1/PROJECT?$filter=" + Self.encoded("projectId eq 1"))
            #expect(answer.status == 200)
            let rows = try Self.rows(answer)
            #expect(Set(try #require(rows.first).keys) == ["PrimaryKey", "EntityName", "projectId", "number", "name"])
            #expect(rows.first?["name"] as? String == "Ålesund kai")
        }
    }

    // MARK: Filters

    @Test(arguments: [
        ("name is 'Ålesund kai'", [1, 4, 5]),
        ("name is 'ålesund KAI'", [1, 4, 5]),
        ("name eq 'A\u{30A}lesund kai'", [1, 4, 5]),
        ("number is '10001'", [1, 3]),
        ("number eq 10001", [1, 3]),
        ("projectId eq 3", [3]),
        ("projectId eq '3'", [3]),
        ("projectId in (2, 4, 99)", [2, 4]),
        ("name in ('bergen', 'o''brien')", [2, 3]),
        ("name is 'O''Brien'", [2]),
        ("name isNot 'bergen' and projectId lt 4", [1, 2]),
        ("number ne '10001'", [2, 4, 5, 25]),
        ("name begins 'åle'", [1, 4, 5]),
        ("name contains 'KAI'", [1, 4, 5, 25]),
        ("name notContains 'kai'", [2, 3]),
        ("startswith(name,'ber')", [3]),
        ("endswith(name, 'brien')", [2]),
        ("substringof('sund', name)", [1, 4, 5]),
        ("number is '10001' and name is 'bergen'", [3]),
        ("number is '10002' or name is 'bergen'", [2, 3]),
        ("(number is '10001' or number is '10002') and not name contains 'kai'", [2, 3]),
        ("NAME IS 'bergen' OR projectid EQ 1", [1, 3]),
        ("projectUdef/SuperOffice:1 is 'NORTH'", [1, 25]),
        ("projectudef/superoffice:1 in ('south') or (projectId ge 25)", [2, 25]),
        ("not (projectId in (1,2,3,4))", [5, 25]),
        ("name is 'nobody'", []),
        ("", [1, 2, 3, 4, 5, 25]),
    ])
    func filtersSelectTheRowsTheyName(filter: String, expected: [Int]) async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": filter]))
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try Self.ids(answer) == expected)
        }
    }

    @Test(arguments: [
        ("nmae is 'x'", "unknown column 'nmae'", 1),
        ("name is 'unterminated", "not closed", 9),
        ("name frobs 'x'", "expected an operator", 6),
        ("name is 'x' and", "expected a column name", 16),
        ("(name is 'x'", "expected ')'", 13),
        ("name is 'x' number is 'y'", "expected 'and', 'or'", 13),
        ("projectId begins '1'", "integer column", 11),
        ("projectId eq 'abc'", "integer column", 14),
        ("name in 'x'", "expected '('", 9),
        ("name is #", "unexpected character '#'", 9),
    ])
    func aFilterThatCannotBeUsedIs400NamingTheProblemAndPosition(filter: String, problem: String, position: Int) async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": filter]))
            #expect(answer.status == 400)
            let error = try #require(answer.errorBody, "\(answer.text)")
            #expect(error.error == true)
            #expect(error.errorType == "BadRequest")
            let message = error.errorMessage ?? ""
            #expect(message.contains("$filter"), "\(message)")
            #expect(message.contains(problem), "\(message)")
            #expect(message.contains("at position \(position)"), "\(message)")
        }
    }

    @Test func deepNestingAndOverlongFiltersAreRefusedNotRecursedInto() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let deep = String(repeating: "(", count: 40) + "projectId eq 1" + String(repeating: ")", count: 40)
            let nested = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": deep]))
            #expect(nested.status == 400)
            #expect(nested.errorBody?.errorMessage?.contains("deeper than 32") == true, "\(nested.text)")
            let nots = String(repeating: "not ", count: 40) + "projectId eq 1"
            #expect(try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": nots])).status == 400)
            let fine = String(repeating: "(", count: 20) + "projectId eq 1" + String(repeating: ")", count: 20)
            #expect(try Self.ids(try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": fine]))) == [1])
            let long = "name is '" + String(repeating: "x", count: 17_000) + "'"
            let overlong = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": long]))
            #expect(overlong.status == 400)
            #expect(overlong.errorBody?.errorMessage?.contains("longer than") == true, "\(overlong.text)")
        }
    }

    @Test(arguments: [
        ("$select", "projectId,colour", "unknown column 'colour'"),
        ("$orderBy", "colour", "unknown column 'colour'"),
        ("$orderBy", "name sideways", "asc or desc"),
        ("$top", "-1", "$top"),
        ("$skip", "many", "$skip"),
        ("$mode", "Wide", "neither Slim nor Full"),
    ])
    func otherOptionsThatCannotBeUsedAre400(option: String, value: String, problem: String) async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project?\(option)=\(Self.encoded(value))")
            #expect(answer.status == 400)
            #expect(answer.errorBody?.errorType == "BadRequest")
            #expect(answer.errorBody?.errorMessage?.contains(problem) == true, "\(answer.text)")
        }
    }

    // MARK: Paging and order

    /// `$top` pages, `odata.nextLink` followed to the end: every row once, in project-id order.
    @Test(arguments: [7, 50, 1])
    func followingNextLinkVisitsEveryRowOnceInIdOrder(top: Int) async throws {
        let projects = (1...50).map { Project(projectId: $0 * 3, number: String(1000 + $0 % 7), name: "Project \($0)") }
        let catalogue = SandboxProjectCatalogue(projects: projects.shuffled())
        try await SandboxServer.withSandbox(Self.configuration(catalogue), logger: quietLogger) { sandbox in
            var url: String? = sandbox.baseURL + Self.listPath(["$select": "projectId", "$orderBy": "projectId", "$top": String(top)])
            var seen: [Int] = []
            var pages = 0
            while let next = url, pages < 100 {
                let answer = try await Self.get(sandbox, url: next)
                #expect(answer.status == 200, "\(answer.text)")
                let page = try Self.ids(answer)
                #expect(page.count <= top)
                seen += page
                url = try Self.object(answer)["odata.nextLink"] as? String
                if let url { #expect(url.hasPrefix(sandbox.baseURL + "api/v1/Project?"), "\(url)") }
                pages += 1
            }
            #expect(seen == projects.map(\.projectId))
            #expect(pages == (50 + top - 1) / top)
        }
    }

    @Test func pagesHoldAThousandRowsByDefaultAndSkipCounts() async throws {
        let catalogue = SandboxProjectCatalogue(projects: (1...2503).map { Project(projectId: $0, number: "N\($0)", name: "P\($0)") })
        try await SandboxServer.withSandbox(Self.configuration(catalogue), logger: quietLogger) { sandbox in
            var url: String? = sandbox.baseURL + "api/v1/Project"
            var sizes: [Int] = []
            var seen: [Int] = []
            while let next = url, sizes.count < 10 {
                let answer = try await Self.get(sandbox, url: next)
                let page = try Self.ids(answer)
                sizes.append(page.count)
                seen += page
                url = try Self.object(answer)["odata.nextLink"] as? String
            }
            #expect(sizes == [1000, 1000, 503])
            #expect(seen == Array(1...2503))
            let skipped = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project?$top=3&$skip=2500")
            #expect(try Self.ids(skipped) == [2501, 2502, 2503])
            #expect(try Self.object(skipped)["odata.nextLink"] == nil)
            let beyond = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project?$skip=9000")
            #expect(try Self.ids(beyond) == [])
            let none = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project?$top=0")
            #expect(try Self.ids(none) == [] && (try Self.object(none)["odata.nextLink"]) == nil)
        }
    }

    @Test func orderByNumberOrNameWithTiesByProjectId() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let byNumber = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$orderBy": "number desc"]))
            #expect(try Self.ids(byNumber) == [4, 25, 2, 1, 3, 5])
            let byName = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$orderBy": "NAME asc, projectId desc", "$filter": "name contains 'kai'"]))
            // case-folded: "kai 25" before "ålesund kai" (three of them, the same name in any case or form: by id, descending)
            #expect(try Self.ids(byName) == [25, 5, 4, 1])
        }
    }

    // MARK: Existence and the image endpoints

    @Test func onlyTheCatalogueProjectsExistForTheImageEndpoints() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            #expect(try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/25/ImageInfo").status == 200)
            let missing = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/24/ImageInfo")
            #expect(missing.status == 404)
            #expect(missing.errorBody?.errorMessage == "Project id 24 not found")
            let upload = try await SandboxContractTests.raw(sandbox, .PUT, "api/v1/Project/24/Image", body: jpegLikeBytes, contentType: "image/jpeg")
            #expect(upload.status == 404)
            #expect(await sandbox.storedImage(projectId: 24) == nil)
            let client = try makeClient(sandbox)
            _ = try await client.uploadProjectImage(projectId: 2, bytes: jpegLikeBytes, contentType: "image/jpeg", logger: quietLogger)
            #expect(await sandbox.storedImage(projectId: 2)?.bytes == jpegLikeBytes)
        }
    }

    @Test func withoutACatalogueTheListAnswersTheIdsTheFilterNames() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(), logger: quietLogger) { sandbox in
            let named = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": "projectId in (7, 5, -1, 0)"]))
            #expect(try Self.ids(named) == [5, 7])
            #expect(try Self.rows(named).allSatisfy { $0["number"] as? String == "" && $0["name"] as? String == "" })
            let either = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": "projectId eq 9 or name is 'x'"]))
            #expect(try Self.ids(either) == [9])
            let both = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": "projectId eq 9 and name is 'x'"]))
            #expect(try Self.ids(both) == [])
            let byName = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": "name is 'x'"]))
            #expect(try Self.ids(byName) == [])
            #expect(try Self.ids(try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project")) == [])
            let field = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$select": "projectUdef/SuperOffice:1"]))
            #expect(field.status == 400, "no catalogue, no custom fields")
        }
        try await SandboxServer.withSandbox(SandboxConfiguration(knownProjects: [5]), logger: quietLogger) { sandbox in
            let named = try await SandboxContractTests.raw(sandbox, .GET, Self.listPath(["$filter": "projectId in (5, 7)"]))
            #expect(try Self.ids(named) == [5])
        }
    }

    // MARK: Foreign keys

    @Test func anOutsideKeyFindsTheLowestIdProjectWithThatValue() async throws {
        try await SandboxServer.withSandbox(Self.configuration(Self.catalogue()), logger: quietLogger) { sandbox in
            let hit = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=P-2")
            #expect(hit.status == 200, "\(hit.text)")
            let key = try Self.object(hit)
            #expect(key["RecordId"] as? Int == 2)
            #expect(key["Key"] as? String == "ProjectNo")
            #expect(key["Value"] as? String == "P-2")
            #expect(key["TableName"] as? String == "project")
            #expect((key["ForeignKeyId"] as? Int ?? 0) > 0)
            #expect(key["CreatedBy"] as? String == "" && key["UpdatedBy"] as? String == "")
            #expect(SuperOfficeDate(key["CreatedDate"] as? String ?? "") != nil)

            let shared = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/foreignapp/erp/MAIN/key/projectno/PROJECT?keyValue=P-shared")
            #expect(try Self.object(shared)["RecordId"] as? Int == 3, "the lowest id of two")
            let log = await sandbox.requestLog()
            #expect(log.last?.operation == .getForeignKey && log.last?.projectId == 3)

            for miss in [
                "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=p-2",  // values match exactly
                "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=P-404",
                "api/v1/ForeignApp/ERP/main/Key/Other/project?keyValue=P-2",
                "api/v1/ForeignApp/ERP/main/Key/ProjectNo/contact?keyValue=P-2",
                "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=",
            ] {
                let answer = try await SandboxContractTests.raw(sandbox, .GET, miss)
                #expect(answer.status == 204, "\(miss)")
                #expect(answer.body.isEmpty)
            }
            let noValue = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project")
            #expect(noValue.status == 400)
            #expect(noValue.errorBody?.errorMessage?.contains("keyValue") == true)
        }
    }

    @Test func escapedKeyNamesAndValuesAreDecoded() async throws {
        let catalogue = SandboxProjectCatalogue(projects: [
            Project(projectId: 8, foreignKeys: ["My App/dev 1/Key+No": "A&B = ø"]),
        ])
        try await SandboxServer.withSandbox(Self.configuration(catalogue), logger: quietLogger) { sandbox in
            let path = "api/v1/ForeignApp/My%20App/dev%201/Key/Key+No/project?keyValue=" + Self.encoded("A&B = ø")
            let answer = try await SandboxContractTests.raw(sandbox, .GET, path)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try Self.object(answer)["RecordId"] as? Int == 8)
            #expect(try Self.object(answer)["Key"] as? String == "Key+No")
        }
    }

    @Test func withoutACatalogueNoOutsideKeyIsFound() async throws {
        try await SandboxServer.withSandbox(SandboxConfiguration(), logger: quietLogger) { sandbox in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=1")
            #expect(answer.status == 204)
        }
    }

    // MARK: The request log, credentials, methods and faults

    @Test func theEndpointsAreLoggedNeedCredentialsAndTakeFaults() async throws {
        var configuration = Self.configuration(Self.catalogue())
        configuration.faults = SandboxFaults(script: [.status(503)], operations: [.listProjects])
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            let faulted = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project")
            #expect(faulted.status == 503)
            #expect(try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project").status == 200)
            let anonymous = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project", authorize: false)
            #expect(anonymous.status == 401)
            let anonymousKey = try await SandboxContractTests.raw(
                sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=P-1", authorize: false)
            #expect(anonymousKey.status == 401)
            let post = try await SandboxContractTests.raw(sandbox, .POST, "api/v1/Project", body: Array("{}".utf8), contentType: "application/json")
            #expect(post.status == 405)
            #expect(post.headers.first(name: "Allow") == "GET")
            _ = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=P-1")

            let log = await sandbox.requestLog()
            #expect(log.map(\.operation) == [.listProjects, .listProjects, .listProjects, .getForeignKey, .unknown, .getForeignKey])
            #expect(log.map(\.status) == [503, 200, 401, 401, 405, 200])
            #expect(log[0].fault == .status(503) && !log[0].applied)
            #expect(log[1].applied && log[1].succeeded)
            #expect(log[5].applied && log[5].projectId == 1)
        }
    }

    @Test func theListLivesUnderTheSitePath() async throws {
        let configuration = SandboxConfiguration(sitePath: "Cust12345", projects: Self.catalogue())
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            #expect(sandbox.baseURL.hasSuffix("/Cust12345/"))
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project?$top=2")
            #expect(answer.status == 200)
            let object = try Self.object(answer)
            #expect(object["odata.metadata"] as? String == sandbox.baseURL + "api/v1/$metadata#Project")
            let next = try #require(object["odata.nextLink"] as? String)
            #expect(next == sandbox.baseURL + "api/v1/Project?$top=2&$skip=2")
            #expect(try Self.ids(try await Self.get(sandbox, url: next)) == [3, 4])
        }
    }
}
