import Foundation
import NIOHTTP1
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Testing

/// A project's outside keys (`GET api/v1/Project/{id}/ForeignKey`): the client's reverse lookup against the
/// sandbox over loopback HTTP, and matching `APP/DEVICE/KEY` names against its answer.
@Suite struct ProjectLookupForeignKeyTests {
    static let catalogue = SandboxProjectCatalogue(projects: [
        .init(projectId: 1, number: "101", name: "One", foreignKeys: ["ERP/main/ProjectNo": "P-1", "CRM/web/Code": "C-1"]),
        .init(projectId: 2, number: "102", name: "Two", foreignKeys: ["ERP/main/ProjectNo": "P-2"]),
        .init(projectId: 3, number: "103", name: "Three"),
    ])

    func withSandbox(_ body: (SandboxServer, SuperOfficeClient) async throws -> Void) async throws {
        var configuration = SandboxConfiguration()
        configuration.projects = Self.catalogue
        try await SandboxServer.withSandbox(configuration, logger: quietLogger) { sandbox in
            try await body(sandbox, try makeClient(sandbox))
        }
    }

    @Test func theClientReadsEachProjectsKeys() async throws {
        try await withSandbox { sandbox, client in
            let one = try await client.projectForeignKeys(projectId: 1, logger: quietLogger)
            #expect(Set(one) == [
                ProjectForeignKey(application: "ERP", device: "main", key: "ProjectNo", value: "P-1"),
                ProjectForeignKey(application: "CRM", device: "web", key: "Code", value: "C-1"),
            ])
            #expect(ProjectForeignKey.value(of: "erp/MAIN/projectno", in: one) == "P-1")
            #expect(ProjectForeignKey.value(of: "CRM/web/Code", in: one) == "C-1")
            #expect(ProjectForeignKey.value(of: "ERP/other/ProjectNo", in: one) == nil)
            #expect(try await client.projectForeignKeys(projectId: 2, logger: quietLogger)
                == [ProjectForeignKey(application: "ERP", device: "main", key: "ProjectNo", value: "P-2")])
            #expect(try await client.projectForeignKeys(projectId: 3, logger: quietLogger) == [])
            let unknown = await webAPIError { try await client.projectForeignKeys(projectId: 99, logger: quietLogger) }
            #expect(unknown?.code == .notFound)
            let invalid = await webAPIError { try await client.projectForeignKeys(projectId: 0, logger: quietLogger) }
            #expect(invalid?.code == .invalidArgument && invalid?.attempts == 0)

            let log = await sandbox.requestLog()
            #expect(log.map(\.operation) == Array(repeating: .getProjectForeignKeys, count: 4))
            #expect(log.map(\.path) == ["/api/v1/Project/1/ForeignKey", "/api/v1/Project/2/ForeignKey", "/api/v1/Project/3/ForeignKey", "/api/v1/Project/99/ForeignKey"])
            #expect(log.map(\.projectId) == [1, 2, 3, 99])
            #expect(log.map(\.status) == [200, 200, 200, 404])
        }
    }

    @Test func theSandboxAnswersForeignKeyEntities() async throws {
        try await withSandbox { sandbox, _ in
            let answer = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/project/2/foreignkey")
            #expect(answer.status == 200, "\(answer.text)")
            let entities = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [[String: Any]])
            #expect(entities.count == 1)
            let key = try #require(entities.first)
            #expect(key["Key"] as? String == "ProjectNo" && key["Value"] as? String == "P-2")
            #expect(key["ApplicationName"] as? String == "ERP" && key["DeviceName"] as? String == "main")
            #expect(key["RecordId"] as? Int == 2 && key["TableName"] as? String == "project")
            #expect((key["ForeignKeyId"] as? Int ?? 0) > 0)
            // the same id the forward lookup gives the key
            let forward = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/ForeignApp/ERP/main/Key/ProjectNo/project?keyValue=P-2")
            let forwardKey = try #require(try JSONSerialization.jsonObject(with: Data(forward.body)) as? [String: Any])
            #expect(forwardKey["ForeignKeyId"] as? Int == key["ForeignKeyId"] as? Int)
            let none = try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/3/ForeignKey")
            #expect(none.status == 200 && none.text == "[]")
            #expect(try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/99/ForeignKey").status == 404)
            #expect(try await SandboxContractTests.raw(sandbox, .GET, "api/v1/Project/1/ForeignKey", authorize: false).status == 401)
            #expect(try await SandboxContractTests.raw(sandbox, .PUT, "api/v1/Project/1/ForeignKey").status == 405)
        }
    }

    @Test func keysWithoutApplicationAndDeviceMatchByKeyNameOnly() {
        let keyOnly = ProjectForeignKey(application: nil, device: nil, key: "ProjectNo", value: "P-7")
        #expect(keyOnly.matches(application: "ERP", device: "main", key: "projectno"))
        #expect(!keyOnly.matches(application: "ERP", device: "main", key: "Code"))
        #expect(ProjectForeignKey.value(of: "ERP/main/ProjectNo", in: [keyOnly]) == "P-7")
        let exact = ProjectForeignKey(application: "ERP", device: "main", key: "ProjectNo", value: "P-8")
        #expect(ProjectForeignKey.value(of: "ERP/main/ProjectNo", in: [keyOnly, exact]) == "P-8", "an exact match comes first")
        #expect(ProjectForeignKey.value(of: "ERP/main", in: [keyOnly]) == nil)
    }
}
